// The queue dashboard (bull-board) draws icon-only buttons without names and a logo without
// alternative text. This names them after their icon, so screen readers can announce them,
// and keeps doing so as the dashboard re-renders.
const LABELS = {
  maximize: 'Full screen',
  minimize: 'Leave full screen',
  settings: 'Settings',
  'panel-left': 'Toggle sidebar',
  ellipsis: 'More actions',
  'ellipsis-vertical': 'More actions',
  'more-horizontal': 'More actions',
  'more-vertical': 'More actions',
  'rotate-ccw': 'Retry',
  'refresh-cw': 'Refresh',
  'trash-2': 'Clean',
  pause: 'Pause',
  play: 'Resume',
  'chevron-down': 'Show more',
  'chevron-up': 'Show less',
  search: 'Search',
  x: 'Close',
};

function labelFor(button) {
  const icon = button.querySelector('svg[class*="lucide-"]');
  const name = icon && [...icon.classList].find((c) => c.startsWith('lucide-') && c !== 'lucide');
  if (!name) return 'Actions';
  const key = name.slice('lucide-'.length);
  return LABELS[key] || key.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

function mend(root) {
  for (const button of root.querySelectorAll('button')) {
    if (!button.textContent.trim() && !button.getAttribute('aria-label') && !button.getAttribute('aria-labelledby')) {
      button.setAttribute('aria-label', button.getAttribute('title') || labelFor(button));
    }
  }
  for (const svg of root.querySelectorAll('svg[role="img"]')) {
    if (!svg.getAttribute('aria-label') && !svg.querySelector('title')) svg.setAttribute('aria-label', 'Commonpurse queues');
  }
}

mend(document);
new MutationObserver(() => mend(document)).observe(document.documentElement, { subtree: true, childList: true });
