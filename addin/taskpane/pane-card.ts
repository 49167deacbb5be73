import type { PaneApp } from '../app/pane-app.ts';
import type { Words } from './i18n.ts';

/** What the pane view lends a card: its sections and labelled fields, and a redraw. */
export interface ViewParts {
  section(id: string, title: string, ...children: Array<Node | string | null | false>): HTMLElement;
  field(id: string, label: string, input: HTMLElement): HTMLElement;
  render(): void;
}

/** A card of the pane drawn by its own class (the dashboard, the corrections): the app, its words, and the view's parts it draws with. */
export abstract class PaneCard {
  constructor(
    protected readonly app: PaneApp,
    protected readonly words: Words,
    protected readonly parts: ViewParts,
  ) {}

  protected t(key: Parameters<Words['t']>[0]): string {
    return this.words.t(key);
  }
}
