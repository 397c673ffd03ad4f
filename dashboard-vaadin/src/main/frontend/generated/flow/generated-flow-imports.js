import '@vaadin/vertical-layout/src/vaadin-vertical-layout.js';
import '@vaadin/grid/src/vaadin-grid.js';
import '@vaadin/grid/src/vaadin-grid-column.js';
import '@vaadin/grid/src/vaadin-grid-sorter.js';
import '@vaadin/checkbox/src/vaadin-checkbox.js';
import 'Frontend/generated/jar-resources/flow-component-renderer.js';
import 'Frontend/generated/jar-resources/flow-component-directive.js';
import 'Frontend/generated/jar-resources/gridConnector.ts';
import 'Frontend/generated/jar-resources/vaadin-grid-flow-selection-column.js';
import '@vaadin/tooltip/src/vaadin-tooltip.js';
import '@vaadin/grid/src/vaadin-grid-column-group.js';
import 'Frontend/generated/jar-resources/lit-renderer.ts';
import '@vaadin/context-menu/src/vaadin-context-menu.js';
import 'Frontend/generated/jar-resources/contextMenuConnector.js';
import 'Frontend/generated/jar-resources/contextMenuTargetConnector.js';
import 'Frontend/generated/jar-resources/disableOnClickFunctions.js';
import '@vaadin/button/src/vaadin-button.js';
import '@vaadin/horizontal-layout/src/vaadin-horizontal-layout.js';
import '@vaadin/dialog/src/vaadin-dialog.js';
import '@vaadin/text-field/src/vaadin-text-field.js';
import '@vaadin/select/src/vaadin-select.js';
import 'Frontend/generated/jar-resources/selectConnector.js';
import '@vaadin/details/src/vaadin-details.js';
import '@vaadin/login/src/vaadin-login-form.js';
import '@vaadin/app-layout/src/vaadin-app-layout.js';
import '@vaadin/app-layout/src/vaadin-drawer-toggle.js';
import '@vaadin/side-nav/src/vaadin-side-nav.js';
import '@vaadin/side-nav/src/vaadin-side-nav-item.js';
import '@vaadin/common-frontend/ConnectionIndicator.js';
import 'Frontend/generated/jar-resources/ReactRouterOutletElement.tsx';

const loadOnDemand = (key) => {
  const pending = [];
  if (key === '806f67a207ef707869adbc8202e9321a7182a7fd4ee81110b3ae1ca07e43784a') {
    pending.push(import('./chunks/chunk-ee8b5e6adbce6c1b52655b69bda00dc94e7308de821b9e6c9fc213d94336a9e0.js'));
  }
  if (key === 'ca3c90f0177734fb46ea92026911983089d1da1056e4d6b87c54a7a97bf35816') {
    pending.push(import('./chunks/chunk-999ae8061fcfc51266e51d1792aa4288144e2a7b9071639350a476e32e9306e4.js'));
  }
  if (key === '3575a4bc77805a0c325dc5842bd39218ede4985a11f7bf1e1c384da178971873') {
    pending.push(import('./chunks/chunk-999ae8061fcfc51266e51d1792aa4288144e2a7b9071639350a476e32e9306e4.js'));
  }
  if (key === 'fc4894d77f4e15ed1fbdc759299ba0bededb2c8413b24eb251308f14c3b90ca6') {
    pending.push(import('./chunks/chunk-8f12298acfa8628b724432a7adf9dadf3a87abd2b18112ddac20c2d6b1aa8139.js'));
  }
  return Promise.all(pending);
}

window.Vaadin = window.Vaadin || {};
window.Vaadin.Flow = window.Vaadin.Flow || {};
window.Vaadin.Flow.loadOnDemand = loadOnDemand;
window.Vaadin.Flow.resetFocus = () => {
 let ae=document.activeElement;
 while(ae&&ae.shadowRoot) ae = ae.shadowRoot.activeElement;
 return !ae || ae.blur() || ae.focus() || true;
}