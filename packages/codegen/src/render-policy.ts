import type { LoadedPolicy } from '@pledge/policy-spec';
import { buildNotice } from './build-notice.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';

/** The formats `renderPolicy` writes. */
export const RENDER_FORMATS = ['md', 'html', 'text'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** Options shared by every format. */
export interface RenderOptions {
  /** Append each rule's reference (`use/newsletter`) to its sentence, for reviewers. Off for readers. */
  ruleIds?: boolean;
}

/**
 * Renders a policy the way a privacy notice reads: Markdown (fit for a pull-request comment), one
 * self-contained HTML page, or plain text. Deterministic: the same policy gives byte-identical output.
 */
export function renderPolicy(policy: LoadedPolicy, format: RenderFormat, options: RenderOptions = {}): string {
  const notice = buildNotice(policy);
  switch (format) {
    case 'md':
      return renderMarkdown(notice, options);
    case 'html':
      return renderHtml(notice, options);
    case 'text':
      return renderText(notice, options);
  }
}
