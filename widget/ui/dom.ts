/**
 * The visitor widget's renderer: the part of Preact's API the panel uses (`h`, `Fragment`, `render`, a root
 * `Component`, `createRef`), in about a quarter of Preact's bytes. The widget build resolves `preact` to this
 * module (widget/vite.config.ts), so components are type-checked against Preact's JSX types, and an import of
 * anything this module lacks fails the build. The console and the unit tests use Preact itself.
 *
 * How it renders: components and fragments are expanded into a flat list of element and text nodes per parent,
 * matched to the previous render's by key (or by tag and position among unkeyed siblings) and patched in place,
 * so an element keeps its focus, caret and scroll position across renders. Text only ever becomes text nodes;
 * props become DOM properties or attributes, `on*` props listeners.
 */
import type { ComponentChildren, VNode } from 'preact';

type Props = Record<string, unknown>;
/** A rendered element or text node: the vnode, its identity among its siblings, its DOM node and children. */
interface Rendered {
  type: string | null;
  props: Props;
  id: string;
  dom?: ChildNode;
  kids?: Rendered[];
}
type Ref = { current: unknown } | ((dom: unknown) => void) | undefined;
type Listeners = Record<string, (event: Event) => void>;

const SVG = 'http://www.w3.org/2000/svg';
/** Properties Preact sets as attributes (the property differs or is read-only). */
const ATTRIBUTES = /^(width|height|href|list|form|tabIndex|download|role)$/;

/** A vnode, shaped as Preact's (`type`, `props` with `children`, `key`), so markdown output renders with either. */
export function h(type: unknown, props: Props | null, ...children: unknown[]): VNode {
  const { key, ...rest } = props ?? {};
  if (children.length) rest.children = children.length > 1 ? children : children[0];
  return { type, props: rest, key } as unknown as VNode;
}

export const Fragment = (props: { children?: ComponentChildren }) => props.children;

export const createRef = <T>(): { current: T | null } => ({ current: null });

/** Expand components, fragments and arrays into element and text nodes, each with its identity among siblings. */
function flatten(node: unknown, out: Rendered[], counts: Record<string, number>, prefix: string): Rendered[] {
  if (node == null || typeof node === 'boolean') return out;
  if (Array.isArray(node)) {
    for (const child of node) flatten(child, out, counts, prefix);
    return out;
  }
  if (typeof node !== 'object') {
    counts['#'] = (counts['#'] ?? 0) + 1;
    out.push({ type: null, props: { text: String(node) }, id: `${prefix}#${counts['#']}` });
    return out;
  }
  const { type, props, key } = node as { type: unknown; props: Props; key?: unknown };
  const scope = key == null ? prefix : `${prefix}/${key}`;
  if (typeof type === 'function') return flatten(type(props), out, key == null ? counts : {}, scope);
  const tag = type as string;
  counts[tag] = (counts[tag] ?? 0) + 1;
  out.push({ type: tag, props, id: key == null ? `${scope}<${tag}${counts[tag]}` : scope });
  return out;
}

function setRef(ref: Ref, dom: unknown): void {
  if (typeof ref === 'function') ref(dom);
  else if (ref) ref.current = dom;
}

function listen(this: Element & { _on?: Listeners }, event: Event): void {
  this._on?.[event.type]?.(event);
}

function setProp(dom: HTMLElement & { _on?: Listeners }, name: string, value: unknown, old: unknown): void {
  if (name === 'style') {
    const before = (old ?? {}) as Record<string, string>;
    const after = (value ?? {}) as Record<string, string>;
    for (const property in before) if (!(property in after)) dom.style.setProperty(property, '');
    for (const property in after) dom.style.setProperty(property, after[property] ?? '');
  } else if (name[0] === 'o' && name[1] === 'n') {
    const type = name.slice(2).toLowerCase();
    dom._on ??= {};
    if (!(type in dom._on)) dom.addEventListener(type, listen);
    dom._on[type] = value as (event: Event) => void;
  } else if (name in dom && !ATTRIBUTES.test(name) && !(dom instanceof SVGElement)) {
    (dom as unknown as Props)[name] = value ?? '';
  } else if (value == null || (value === false && name[4] !== '-')) dom.removeAttribute(name);
  else dom.setAttribute(name, String(value));
}

/** Patch one element's props and children (or one text node's text) from `was` to `node`. */
function patch(node: Rendered, was: Rendered | undefined, svg: boolean): void {
  if (node.type === null) {
    if (!was) node.dom = document.createTextNode(node.props.text as string);
    else if (was.props.text !== node.props.text) (node.dom as Text).data = node.props.text as string;
    return;
  }
  const inSvg = svg || node.type === 'svg';
  node.dom ??= inSvg ? document.createElementNS(SVG, node.type) : document.createElement(node.type);
  const dom = node.dom as HTMLElement;
  const before = was?.props ?? {};
  for (const name in before) if (!(name in node.props) && name !== 'children' && name !== 'ref') setProp(dom, name, null, before[name]);
  for (const name in node.props) {
    const value = node.props[name];
    if (name === 'children' || name === 'ref') continue;
    // A controlled field is compared with what it holds now, so the visitor's typing is never overwritten.
    if (name === 'value' ? (dom as HTMLTextAreaElement).value !== value : before[name] !== value) setProp(dom, name, value, before[name]);
  }
  node.kids = diff(dom, was?.kids ?? [], flatten(node.props.children, [], {}, ''), inSvg);
  if (was?.props.ref !== node.props.ref) setRef(was?.props.ref as Ref, null);
  setRef(node.props.ref as Ref, dom);
}

/** Make `parent`'s children the nodes `next`, reusing the DOM of `old` ones with the same identity. */
function diff(parent: Element, old: Rendered[], next: Rendered[], svg: boolean): Rendered[] {
  const byId = new Map(old.map((node) => [node.id, node]));
  next.forEach((node, index) => {
    const was = byId.get(node.id);
    if (was && was.type === node.type) {
      byId.delete(node.id);
      node.dom = was.dom;
    }
    patch(node, node.dom ? was : undefined, svg);
    const at = parent.childNodes[index];
    if (at !== node.dom) parent.insertBefore(node.dom as ChildNode, at ?? null);
  });
  for (const gone of byId.values()) {
    gone.dom?.remove();
    setRef(gone.props.ref as Ref, null);
  }
  return next;
}

/**
 * The root component: a class with `state`, `setState`, `forceUpdate` and the mount and update hooks. Renders
 * are batched to one per microtask, as Preact's are.
 */
export abstract class Component<P = Props, S = Props> {
  declare state: S;
  props: P;
  _paint?: () => void;
  private _queued = false;
  constructor(props: P) {
    this.props = props;
  }
  setState(change: Partial<S>): void {
    this.state = { ...this.state, ...change };
    this.forceUpdate();
  }
  forceUpdate(): void {
    if (this._queued) return;
    this._queued = true;
    queueMicrotask(() => {
      this._queued = false;
      this._paint?.();
    });
  }
  componentDidMount?(): void;
  componentDidUpdate?(): void;
  abstract render(props: P, state: S): ComponentChildren;
}

/** Render a vnode into a container (which this renderer then owns); a root class component is kept and repaints itself. */
export function render(vnode: VNode, container: Element & { _kids?: Rendered[] }): void {
  const Root = vnode.type as unknown as { prototype?: { render?: unknown }; new (props: Props): Component };
  const paint = (tree: unknown) => {
    container._kids = diff(container, container._kids ?? [], flatten(tree, [], {}, ''), false);
  };
  if (!Root.prototype?.render) {
    paint(vnode);
    return;
  }
  const root = new Root(vnode.props);
  let mounted = false;
  root._paint = () => {
    paint(root.render(root.props, root.state));
    if (mounted) root.componentDidUpdate?.();
    else {
      mounted = true;
      root.componentDidMount?.();
    }
  };
  root._paint();
}
