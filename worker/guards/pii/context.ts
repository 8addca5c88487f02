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

/**
 * +1 when a phone context word comes just before `start`, -1 when a word naming another kind of number does, else 0.
 * `codes` are the text's code units (the scan's copy), read instead of the string when looking back.
 */
export function numberContext(text: string, codes: Uint16Array, start: number): number {
  const before = wordsBefore(text, codes, start);
  if (before === '') return 0;
  if (OTHER.test(before)) return -1;
  return PHONE.test(before) ? 1 : 0;
}

/** True when a word that means a US Social Security number comes just before `start`. */
export function ssnContext(text: string, codes: Uint16Array, start: number): boolean {
  const before = wordsBefore(text, codes, start);
  return before !== '' && SSN.test(before);
}

/**
 * The text a context word can stand in: back from `start` to the nearest digit (no pattern above crosses one),
 * at most `WINDOW` code units; '' when it holds no letter, so dense digit text skips the patterns.
 */
function wordsBefore(text: string, codes: Uint16Array, start: number): string {
  const min = Math.max(0, start - WINDOW);
  let from = start;
  let letters = false;
  while (from > min) {
    const c = codes[from - 1] as number;
    if (c >= 48 && c <= 57) break;
    if (c >= 65) letters = true;
    from--;
  }
  return letters ? text.slice(from, start) : '';
}
