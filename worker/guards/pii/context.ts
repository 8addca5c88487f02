/**
 * Words just before a number that say what it is. "Phone:", "call me at", "电话" make a phone reading likelier
 * (and allow plans outside the locales); "order", "tracking", "invoice", "#" say it is some other number, which
 * masking would break. Read only for candidates that passed the cheap checks.
 */

/** How far back (code units) a context word may stand; one line break is allowed ("Phone:" on its own line). */
const WINDOW = 48;

const PHONE =
  /(?<![a-z])(?:phone|tel|telephone|mobile|mob|cell|call|calls|ring|text me|sms|whatsapp|fax|contact|reach me|dial|hotline|telefon|telefonnummer|handy|mobil|téléphone|portable|tél|teléfono|móvil|celular|telefone|telemóvel|telefonszám|mobilnummer|電話|电话|手机|手機|联系|聯繫|致电|拨打|号码|號碼|携帯|番号|전화)(?![a-z])[^\n\d]{0,32}\n?[^\n\d]{0,4}$/iu;
const OTHER =
  /(?<![a-z])(?:order|tracking|track|invoice|inv|receipt|ref|reference|ticket|case|booking|reservation|confirmation|account|acct|customer|member|sku|item|serial|model|isbn|zip|postal|postcode|plz|cp|code|no\.?|nr\.?|pedido|commande|bestellung|bestellnummer|rendelés|rendelésszám|beställning|ordernummer|ordine|bestelling|zamówienie|zamowienie|订单号|订单|单号|编号|快递|運単|注文番号|注文|番号は|주문)(?:\s*(?:number|num|no\.?|nr\.?|id|code))?[\s:#.№-]{0,4}$/iu;
const SSN = /(?<![a-z])(?:ssn|ss#|social security|soc\.? sec\.?|sozialversicherung)\b[^\n\d]{0,16}$/i;

/** +1 when a phone context word comes just before `start`, -1 when a word naming another kind of number does, else 0. */
export function numberContext(text: string, start: number): number {
  const before = wordsBefore(text, start);
  if (before === '') return 0;
  if (OTHER.test(before)) return -1;
  return PHONE.test(before) ? 1 : 0;
}

/** True when a word that means a US Social Security number comes just before `start`. */
export function ssnContext(text: string, start: number): boolean {
  const before = wordsBefore(text, start);
  return before !== '' && SSN.test(before);
}

/**
 * The text a context word can stand in: back from `start` to the nearest digit (no pattern above crosses one),
 * at most `WINDOW` code units; '' when it holds no letter, so dense digit text skips the patterns.
 */
function wordsBefore(text: string, start: number): string {
  const min = Math.max(0, start - WINDOW);
  let from = start;
  let letters = false;
  while (from > min) {
    const c = text.charCodeAt(from - 1);
    if (c >= 48 && c <= 57) break;
    if (c >= 65) letters = true;
    from--;
  }
  return letters ? text.slice(from, start) : '';
}
