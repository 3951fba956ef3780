export interface LocalizedLabel {
  zh: string;
  en: string;
}
