// The benchmark's "application": a 25-deep chain of distinct functions whose innermost one makes a fresh Error,
// so with Error.stackTraceLimit = 20 every captured exception has exactly 20 frames, all in this file. A classic
// script (not a module): run by Node's vm with its real file name, and by the page as <script src>.
/* eslint-disable */
var benchSink = 0;
function checkoutStep0(i) { benchSink++; return checkoutStep1(i); }
function checkoutStep1(i) { benchSink++; return checkoutStep2(i); }
function checkoutStep2(i) { benchSink++; return checkoutStep3(i); }
function checkoutStep3(i) { benchSink++; return checkoutStep4(i); }
function checkoutStep4(i) { benchSink++; return checkoutStep5(i); }
function checkoutStep5(i) { benchSink++; return checkoutStep6(i); }
function checkoutStep6(i) { benchSink++; return checkoutStep7(i); }
function checkoutStep7(i) { benchSink++; return checkoutStep8(i); }
function checkoutStep8(i) { benchSink++; return checkoutStep9(i); }
function checkoutStep9(i) { benchSink++; return checkoutStep10(i); }
function checkoutStep10(i) { benchSink++; return checkoutStep11(i); }
function checkoutStep11(i) { benchSink++; return checkoutStep12(i); }
function checkoutStep12(i) { benchSink++; return checkoutStep13(i); }
function checkoutStep13(i) { benchSink++; return checkoutStep14(i); }
function checkoutStep14(i) { benchSink++; return checkoutStep15(i); }
function checkoutStep15(i) { benchSink++; return checkoutStep16(i); }
function checkoutStep16(i) { benchSink++; return checkoutStep17(i); }
function checkoutStep17(i) { benchSink++; return checkoutStep18(i); }
function checkoutStep18(i) { benchSink++; return checkoutStep19(i); }
function checkoutStep19(i) { benchSink++; return checkoutStep20(i); }
function checkoutStep20(i) { benchSink++; return checkoutStep21(i); }
function checkoutStep21(i) { benchSink++; return checkoutStep22(i); }
function checkoutStep22(i) { benchSink++; return checkoutStep23(i); }
function checkoutStep23(i) { benchSink++; return checkoutStep24(i); }
function checkoutStep24(i) { benchSink++; return new Error('payment declined for order ' + i); }
function makeBenchError(i) { return checkoutStep0(i); }
