// Where the network figure puts its roles, lines and labels, for a given width. Pure and
// deterministic: the same figures and width always give the same drawing.
//
// Wide: a circle, roles in scenario order (so two perspectives compare at a glance), labels
// outside it. Not a force layout (d3-force): plenary links every seated role to every
// other, so the forces would settle on a rougher circle whose order changes with the
// weights, with labels landing on lines. Narrow (a phone): an arc diagram, roles down one column with full
// labels beside them and the links as arcs on the left, since a circle with labels at its
// sides leaves no room on 360 px.
import type { ReplayData } from "@/server/debrief/replay.service";

type DebriefFigures = ReplayData["figures"];

export const FONT_PX = 13;
const LINE_PX = 16;
/** A generous average glyph width, so that an estimated line is never wider than drawn. */
const CHAR_PX = FONT_PX * 0.6;
const MARGIN = 8;
const GAP = 6;
const NODE_MIN = 6;
const NODE_MAX = 18;
export const NARROW_PX = 520;

export interface PlacedNode {
  roleKey: string;
  x: number;
  y: number;
  r: number;
  label: { x: number; y: number; anchor: "start" | "middle" | "end"; lines: string[] };
}

export interface Link {
  a: string;
  b: string;
  plenary: number;
  backchannel: number;
}

export interface PlacedLink extends Link {
  plenaryPath: string;
  backchannelPath: string;
  plenaryWidth: number;
  backchannelWidth: number;
}

export interface NetworkLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  links: PlacedLink[];
}

/** Greedy lines of at most `max` characters; a word longer than that keeps a line of its own, whole. */
function greedy(words: readonly string[], max: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A name cut into as few lines of at most `max` characters as it needs, as even as they go. Never truncated. */
export function wrapLabel(name: string, max: number): string[] {
  const words = name.split(/\s+/u).filter(Boolean);
  if (words.length === 0) return [""];
  const count = greedy(words, max).length;
  // The narrowest width that still needs no more lines balances them.
  let width = Math.max(...words.map((w) => w.length));
  while (width < max && greedy(words, width).length > count) width++;
  return greedy(words, Math.max(width, 1));
}

/** One line per pair of roles, both directions added, in the order of the seated roles. */
export function linksOf(figures: DebriefFigures): Link[] {
  const order = new Map(figures.nodes.map((n, i) => [n.roleKey, i]));
  const links = new Map<string, Link>();
  for (const e of figures.edges) {
    const [a, b] = (order.get(e.from) ?? 0) <= (order.get(e.to) ?? 0) ? [e.from, e.to] : [e.to, e.from];
    if (!order.has(a) || !order.has(b)) continue;
    const key = `${a}|${b}`;
    const link = links.get(key) ?? { a, b, plenary: 0, backchannel: 0 };
    link.plenary += e.plenary;
    link.backchannel += e.backchannel;
    links.set(key, link);
  }
  return [...links.values()];
}

const round = (n: number) => Math.round(n * 10) / 10;

export function layoutNetwork(figures: DebriefFigures, nameOf: (roleKey: string) => string, width: number): NetworkLayout {
  const w = Math.max(280, Math.round(width));
  const maxMessages = Math.max(1, ...figures.nodes.map((n) => n.messages));
  const radius = new Map(figures.nodes.map((n) => [n.roleKey, NODE_MIN + (NODE_MAX - NODE_MIN) * Math.sqrt(n.messages / maxMessages)]));
  const links = linksOf(figures);
  // One scale for both kinds, so a thick red line and a thick grey one mean as many messages.
  const maxWeight = Math.max(1, ...links.flatMap((l) => [l.plenary, l.backchannel]));
  const stroke = (n: number) => (n > 0 ? round(1.5 + (8 * n) / maxWeight) : 0);
  const placed = w < NARROW_PX ? arcs(figures, nameOf, w, radius) : circle(figures, nameOf, w, radius);
  const at = new Map(placed.nodes.map((n) => [n.roleKey, n]));
  return {
    ...placed,
    links: links.flatMap((l) => {
      const a = at.get(l.a);
      const b = at.get(l.b);
      if (!a || !b) return [];
      const paths = placed.path(a, b);
      return [{ ...l, ...paths, plenaryWidth: stroke(l.plenary), backchannelWidth: stroke(l.backchannel) }];
    }),
  };
}

type Paths = { plenaryPath: string; backchannelPath: string };
type Placed = { width: number; height: number; nodes: PlacedNode[]; path: (a: PlacedNode, b: PlacedNode) => Paths };

function circle(figures: DebriefFigures, nameOf: (roleKey: string) => string, w: number, radius: ReadonlyMap<string, number>): Placed {
  const n = figures.nodes.length;
  const labelW = Math.min(200, Math.max(120, w * 0.25));
  const sideChars = Math.floor(labelW / CHAR_PX);
  const rx = Math.min(260, w / 2 - MARGIN - labelW - NODE_MAX - GAP);
  const ry = Math.min(180, Math.max(110, rx * 0.85));
  const angles = figures.nodes.map((_, i) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n));
  // Roles at the top and bottom carry their label above or below, as wide as the circle.
  const vertical = (a: number) => Math.abs(Math.cos(a)) < 0.35;
  const lines = figures.nodes.map((node, i) =>
    wrapLabel(nameOf(node.roleKey), vertical(angles[i] ?? 0) ? Math.floor((2 * rx) / CHAR_PX) : sideChars),
  );
  const capH = Math.max(0, ...lines.filter((_, i) => vertical(angles[i] ?? 0)).map((l) => l.length * LINE_PX));
  const sideH = Math.max(0, ...lines.map((l) => l.length * LINE_PX));
  const padY = Math.max(capH + NODE_MAX + GAP, sideH / 2) + MARGIN;
  const cx = w / 2;
  const cy = ry + padY;
  const nodes = figures.nodes.map((node, i): PlacedNode => {
    const a = angles[i] ?? 0;
    const x = round(cx + (n === 1 ? 0 : rx * Math.cos(a)));
    const y = round(cy + (n === 1 ? 0 : ry * Math.sin(a)));
    const r = radius.get(node.roleKey) ?? NODE_MIN;
    const text = lines[i] ?? [];
    const block = text.length * LINE_PX;
    const label: PlacedNode["label"] = vertical(a)
      ? Math.sin(a) < 0
        ? { x, y: round(y - r - GAP - block + LINE_PX * 0.8), anchor: "middle", lines: text }
        : { x, y: round(y + r + GAP + LINE_PX * 0.8), anchor: "middle", lines: text }
      : {
          x: round(x + (Math.cos(a) > 0 ? 1 : -1) * (r + GAP)),
          y: round(y - block / 2 + LINE_PX * 0.8),
          anchor: Math.cos(a) > 0 ? "start" : "end",
          lines: text,
        };
    return { roleKey: node.roleKey, x, y, r, label };
  });
  const path = (a: PlacedNode, b: PlacedNode): Paths => {
    // Backchannels bow towards the centre, so they stay apart from the straight plenary line.
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const toCentre = Math.hypot(cx - mx, cy - my);
    const bow = Math.min(24, Math.hypot(b.x - a.x, b.y - a.y) / 5);
    const [qx, qy] = toCentre < 1 ? [mx + bow, my] : [mx + ((cx - mx) / toCentre) * bow, my + ((cy - my) / toCentre) * bow];
    return { plenaryPath: `M${a.x} ${a.y}L${b.x} ${b.y}`, backchannelPath: `M${a.x} ${a.y}Q${round(qx)} ${round(qy)} ${b.x} ${b.y}` };
  };
  return { width: w, height: Math.round(cy + ry + padY), nodes, path };
}

function arcs(figures: DebriefFigures, nameOf: (roleKey: string) => string, w: number, radius: ReadonlyMap<string, number>): Placed {
  const x = Math.round(Math.min(180, Math.max(96, w * 0.36)));
  const labelX = x + NODE_MAX + GAP;
  const chars = Math.max(8, Math.floor((w - labelX - MARGIN) / CHAR_PX));
  let y = MARGIN;
  const nodes = figures.nodes.map((node): PlacedNode => {
    const text = wrapLabel(nameOf(node.roleKey), chars);
    const rowH = Math.max(2 * NODE_MAX + 12, text.length * LINE_PX + 12);
    const cy = y + rowH / 2;
    y += rowH;
    const r = radius.get(node.roleKey) ?? NODE_MIN;
    return {
      roleKey: node.roleKey,
      x,
      y: round(cy),
      r,
      label: { x: labelX, y: round(cy - (text.length * LINE_PX) / 2 + LINE_PX * 0.8), anchor: "start", lines: text },
    };
  });
  const first = nodes[0]?.y ?? 0;
  const span = Math.max(1, (nodes[nodes.length - 1]?.y ?? 0) - first);
  const reach = x - MARGIN - 4;
  const path = (a: PlacedNode, b: PlacedNode): Paths => {
    const [top, bottom] = a.y <= b.y ? [a, b] : [b, a];
    const ry = round((bottom.y - top.y) / 2);
    const rx = round((reach * (bottom.y - top.y)) / span);
    // Sweep 0 from top to bottom bulges left, away from the labels; backchannels bulge less.
    const arc = (k: number) => `M${x} ${top.y}A${round(rx * k)} ${ry} 0 0 0 ${x} ${bottom.y}`;
    return { plenaryPath: arc(1), backchannelPath: arc(0.62) };
  };
  return { width: w, height: Math.round(y + MARGIN), nodes, path };
}
