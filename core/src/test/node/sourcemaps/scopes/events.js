// What UI libraries do with handlers: call them through apply, with the arguments the event brought
export function dispatch(handler, args) {
  return handler.apply(null, args);
}
