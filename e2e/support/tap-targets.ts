import type { Page } from 'playwright-core';

/** WeChat's design guide and Apple's HIG: a control people tap is at least 44 px high. */
export const MIN_TAP_PX = 44;

export interface SmallTarget {
  what: string;
  height: number;
}

/**
 * Every visible control on the page on screen that is shorter than 44 px: buttons, links, NutUI's
 * clickable parts, and every element React gave an onClick (Taro renders a View's onClick as a
 * plain element, so its props are the one mark it carries).
 */
export async function smallTapTargets(page: Page): Promise<SmallTarget[]> {
  return page.evaluate((min) => {
    const selector = [
      'button',
      'a[href]',
      '[role="button"]',
      '.nut-button',
      '.tap-target',
      '.card__link',
      '.nut-tabs-titles-item',
      '.nut-checkbox',
      '.nut-radio',
      '.nut-cell-clickable',
    ].join(',');
    // An open sheet covers the page: only what is on it can be tapped.
    const sheets = [...document.querySelectorAll('.nut-popup')].filter(
      (el) => el.getBoundingClientRect().height > 0 && getComputedStyle(el).visibility !== 'hidden',
    );
    const roots: ParentNode[] = sheets.length ? sheets : [document.body];
    const seen = new Set<Element>();
    for (const root of roots) {
      for (const el of root.querySelectorAll(selector)) seen.add(el);
    }
    // React keeps each element's props on the DOM node: whatever has an onClick is tappable, a
    // Taro View as much as a button.
    for (const el of roots.flatMap((root) => [...root.querySelectorAll('*')])) {
      const key = Object.keys(el).find((name) => name.startsWith('__reactProps$'));
      const props = key ? (el as unknown as Record<string, { onClick?: unknown } | undefined>)[key] : undefined;
      if (typeof props?.onClick === 'function') seen.add(el);
    }
    const small: { what: string; height: number }[] = [];
    for (const el of seen) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || ((el as HTMLElement).offsetParent === null && style.position !== 'fixed'))
        continue;
      if (rect.height >= min - 0.5) continue;
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 16);
      small.push({
        what: `${el.tagName.toLowerCase()}${id}${cls} “${text}”`,
        height: Math.round(rect.height * 10) / 10,
      });
    }
    return small;
  }, MIN_TAP_PX);
}
