import './unrelated.js';
import { start } from './app.js';

start((which, error) => console.log(JSON.stringify({ which, stack: error.stack })));
