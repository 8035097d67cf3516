import { useState } from 'react';
import { describeLabels, type ClusterTreeNode } from '../logic/cluster-tree.js';

/** Collapsible cluster tree; selecting a cluster (click, Enter or Space) highlights its members on the map. */
export function ClusterTree({
  roots,
  selected,
  onSelect,
}: {
  roots: ClusterTreeNode[];
  selected: number | undefined;
  onSelect: (id: number | undefined) => void;
}) {
  return (
    <ul className="cluster-tree" aria-label="Cluster tree">
      {roots.map((root) => (
        <Branch key={root.node.id} entry={root} selected={selected} onSelect={onSelect} initiallyOpen />
      ))}
    </ul>
  );
}

function Branch({
  entry,
  selected,
  onSelect,
  initiallyOpen = false,
}: {
  entry: ClusterTreeNode;
  selected: number | undefined;
  onSelect: (id: number | undefined) => void;
  initiallyOpen?: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen || entry.node.depth < 1);
  const { node, children } = entry;
  const isSelected = selected === node.id;
  const name = node.parentId === null ? 'world' : `cluster ${node.id}`;
  return (
    <li data-testid="cluster" data-cluster-id={node.id}>
      <div className="cluster-row">
        {children.length > 0 ? (
          <button
            type="button"
            className="toggle"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="toggle leaf" aria-hidden="true">
            •
          </span>
        )}
        <button
          type="button"
          className="cluster-select"
          aria-pressed={isSelected}
          onClick={() => onSelect(isSelected ? undefined : node.id)}
        >
          {name}: {node.size} {node.size === 1 ? 'image' : 'images'} — {describeLabels(node)}
          {node.pure ? ' (pure)' : ''}
        </button>
      </div>
      {open && children.length > 0 && (
        <ul>
          {children.map((child) => (
            <Branch key={child.node.id} entry={child} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}
