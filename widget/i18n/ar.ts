/** The panel's strings in Arabic, in the key order of `./index.ts` (`KEYS`): a chunk of its own, loaded only for this locale. */
export default [
  'أغلق الدردشة', // close
  'الدعم', // title
  'اكتب سؤالك…', // placeholder
  'إرسال', // send
  'رسالتك', // inputLabel
  'المساعد يكتب…', // typing
  'عذرًا، حدث خطأ ما. يرجى المحاولة مرة أخرى.', // errorGeneric
  'يبدو أنك غير متصل. سنعيد المحاولة عند عودة الاتصال.', // errorNetwork
  'أنت ترسل الرسائل بسرعة كبيرة. يرجى الانتظار قليلًا.', // errorRate
  'عذرًا، لا يمكنني المساعدة في هذا الطلب.', // errorBlocked
  'إعادة المحاولة', // retry
  'مرحبًا! كيف يمكننا مساعدتك؟', // welcome
  'إيقاف الإنشاء', // stop
  'أنت غير متصل. سيتم إرسال الرسائل عند عودة الاتصال.', // offline
  'في انتظار الإرسال', // queued
  'مفيد', // up
  'غير مفيد', // down
  'سينضم أحد أعضاء فريقنا إلى هذه المحادثة.', // handoff
  'موظف الدعم', // agent
];
