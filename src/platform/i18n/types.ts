import type { it } from './catalogs/it';

/** Same keys as Italian, any string values: the English catalog must match it key for key. */
type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof it>;

type Join<P extends string, K extends string> = P extends '' ? K : `${P}.${K}`;
type StripPlural<K extends string> = K extends `${infer B}_${'one' | 'other' | 'zero'}` ? B : K;
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? StripPlural<Join<P, K>> : Paths<T[K], Join<P, K>>;
}[keyof T & string];

/** Every message key, dotted (`common.errors.internal`); plural forms are asked for by their base key. */
export type MessageKey = Paths<typeof it>;
