// Express 4's async rejections never reach error middleware: they are unhandled rejections, tested in a child
// process (process.test.ts), since one here would fail the vitest run itself.
import express4 from 'express4';
import { expressSuite } from './express-suite';

expressSuite('Express 4', express4);
