/** Every locale's panel strings at once, for the console's preview (the widget loads only the visitor's locale). */
import ar from './ar';
import { en, type Strings, table } from './index';
import zh from './zh';

export { RTL } from './index';
export const STRINGS: Record<string, Strings> = { en, zh: table(zh), ar: table(ar) };
