/**
 * UI languages of the player: the six official languages of the United Nations, their text direction, the choice
 * of language for a launch, and number/date/duration formatting through `Intl`.
 *
 * English ships inline (the fallback); every other language is its own module, loaded on demand, so a learner
 * downloads only the strings of the language they use. The strings of the views that load after the first lesson
 * (decisions, self-checks, the assessment, results, certificate) are a second module per language, English too.
 */
import {UN_LANGUAGES, type Lang} from '../course/types.js';
import type {MessageCode, Messages, OfflineStrings} from './en-messages.js';
import type {ViewStringKey, ViewStrings} from './en-views.js';
import en, {type StringKey, type Strings} from './en.js';

import {primary} from './pick.js';

export {pickLanguage, primary, type LanguageSources} from './pick.js';

export type {MessageCode, Messages, OfflineStrings, StringKey, Strings, ViewStringKey, ViewStrings};
export {en};
/** Every key the player uses. */
export type AnyStringKey = StringKey | ViewStringKey;

const loaders: Record<Exclude<Lang, 'en'>, () => Promise<{default: Strings}>> = {
  ar: () => import('./ar.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  ru: () => import('./ru.js'),
  zh: () => import('./zh.js'),
};

const viewLoaders: Record<Lang, () => Promise<{default: ViewStrings}>> = {
  ar: () => import('./ar-views.js'),
  en: () => import('./en-views.js'),
  es: () => import('./es-views.js'),
  fr: () => import('./fr-views.js'),
  ru: () => import('./ru-views.js'),
  zh: () => import('./zh-views.js'),
};

/** One module per language: the messages of the codes (default) and the texts of offline use. */
const messageLoaders: Record<Lang, () => Promise<{default: Messages; offline: OfflineStrings}>> = {
  ar: () => import('./ar-messages.js'),
  en: () => import('./en-messages.js'),
  es: () => import('./es-messages.js'),
  fr: () => import('./fr-messages.js'),
  ru: () => import('./ru-messages.js'),
  zh: () => import('./zh-messages.js'),
};

/** Whether a string is one of the six UI languages. */
export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (UN_LANGUAGES as readonly string[]).includes(value);
}

/** Text direction of a language: Arabic is written right to left. */
export function dirOf(lang: string): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The UI strings of a language (English where the language is unknown or its module cannot be loaded). */
export async function loadStrings(lang: string): Promise<Strings> {
  if (!isLang(lang) || lang === 'en') return en;
  try {
    return (await loaders[lang]()).default;
  } catch {
    return en;
  }
}

/** The strings of the views loaded on demand, in a language (English where it cannot be loaded). */
export async function loadViewStrings(lang: string): Promise<ViewStrings> {
  const l = isLang(lang) ? lang : 'en';
  try {
    return (await viewLoaders[l]()).default;
  } catch {
    return (await viewLoaders.en()).default;
  }
}

/**
 * The learner-facing messages of the trackers' status and launch error codes, in a language (English where it
 * cannot be loaded). Loaded only when a code appears: most launches never need them.
 */
export async function loadMessages(lang: string): Promise<Messages> {
  return (await messagesModule(lang)).default;
}

/** The texts of offline use, in a language (with the messages: they load after the first lesson). */
export async function loadOfflineStrings(lang: string): Promise<OfflineStrings> {
  return (await messagesModule(lang)).offline;
}

async function messagesModule(lang: string): Promise<{default: Messages; offline: OfflineStrings}> {
  const l = isLang(primary(lang)) ? (primary(lang) as Lang) : 'en';
  try {
    return await messageLoaders[l]();
  } catch {
    return messageLoaders.en();
  }
}

/** Fill `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Translate and fill: a small function bound to one language's strings and its `Intl` formatters. */
export interface Translator {
  readonly lang: string;
  readonly dir: 'rtl' | 'ltr';
  (key: AnyStringKey, params?: Record<string, string | number>): string;
  /** whether the strings of the views loaded on demand are there */
  readonly hasViews: boolean;
  /** this translator with the views' strings added */
  withViews(views: ViewStrings): Translator;
  /** whether a key exists (for keys built at run time) */
  has(key: string): key is StringKey;
  /** a scaled 0..1 value as a percentage, e.g. `80 %`, `٨٠٪؜` */
  percent(scaled: number): string;
  number(n: number): string;
  /** a date in the language's long form */
  date(d: Date | number): string;
  /** minutes as a duration, e.g. `45 minutes`, `1 hour 30 minutes` */
  minutes(total: number): string;
}

export function translator(lang: string, strings: Strings, views?: ViewStrings): Translator {
  const all: Record<string, string> = {...en, ...strings, ...views};
  const t = ((key: AnyStringKey, params?: Record<string, string | number>) =>
    fill(all[key] ?? key, params)) as Translator;
  const pct = new Intl.NumberFormat(lang, {style: 'percent', maximumFractionDigits: 0});
  const num = new Intl.NumberFormat(lang);
  const unit = (u: string, n: number) =>
    new Intl.NumberFormat(lang, {style: 'unit', unit: u, unitDisplay: 'long'}).format(n);
  return Object.assign(t, {
    lang,
    dir: dirOf(lang),
    has: (key: string): key is StringKey => key in en,
    hasViews: !!views,
    withViews: (v: ViewStrings) => translator(lang, strings, v),
    percent: (scaled: number) => pct.format(scaled),
    number: (n: number) => num.format(n),
    date: (d: Date | number) => new Intl.DateTimeFormat(lang, {dateStyle: 'long'}).format(d),
    minutes: (total: number) => {
      const m = Math.max(0, Math.round(total));
      const h = Math.floor(m / 60);
      const parts = [h ? unit('hour', h) : '', m % 60 || !h ? unit('minute', m % 60) : ''].filter(Boolean);
      return new Intl.ListFormat(lang, {style: 'narrow', type: 'unit'}).format(parts);
    },
  });
}

/** The strings of a language, ready to use (with those of the views loaded on demand, when asked for). */
export async function loadTranslator(lang: string, withViews = false): Promise<Translator> {
  const l = isLang(primary(lang)) ? primary(lang) : 'en';
  const [strings, views] = await Promise.all([loadStrings(l), withViews ? loadViewStrings(l) : undefined]);
  return translator(l, strings, views);
}

/** English, available synchronously (before anything has loaded, and for errors that happen before). */
export const fallbackTranslator: Translator = translator('en', en);
