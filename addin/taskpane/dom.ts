/**
 * Builds DOM from text, never from HTML: every string becomes a text node, so a task named
 * "<img src=x onerror=alert(1)>" shows as those characters and runs nothing.
 */
type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  type?: string;
  for?: string;
  name?: string;
  value?: string;
  title?: string;
  role?: string;
  disabled?: boolean;
  hidden?: boolean;
  autocomplete?: string;
  required?: boolean;
  /** aria-* and data-* attributes, by their full names. */
  attrs?: Record<string, string>;
  onClick?: (event: MouseEvent) => void;
  onInput?: (event: Event) => void;
  onChange?: (event: Event) => void;
  onSubmit?: (event: SubmitEvent) => void;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.id) node.id = props.id;
  if (props.title) node.title = props.title;
  if (props.role) node.setAttribute('role', props.role);
  if (props.hidden) node.hidden = true;
  if (props.type) node.setAttribute('type', props.type);
  if (props.for) node.setAttribute('for', props.for);
  if (props.name) node.setAttribute('name', props.name);
  if (props.autocomplete) node.setAttribute('autocomplete', props.autocomplete);
  if (props.required) node.setAttribute('required', '');
  if (props.value !== undefined) (node as HTMLInputElement).value = props.value;
  if (props.disabled) (node as HTMLButtonElement).disabled = true;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  if (props.onClick) node.addEventListener('click', props.onClick as EventListener);
  if (props.onInput) node.addEventListener('input', props.onInput);
  if (props.onChange) node.addEventListener('change', props.onChange);
  if (props.onSubmit) node.addEventListener('submit', props.onSubmit as EventListener);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces a container's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
