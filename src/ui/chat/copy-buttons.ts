/**
 * Adds a "Copy code" button to each code block inside `node`. The buttons are made here, never taken from
 * model output, and are re-added after the sanitized HTML is replaced.
 */
export function codeCopyButtons(node: HTMLElement, _html: string): { update: (html: string) => void } {
  const decorate = (): void => {
    for (const pre of node.querySelectorAll('pre')) {
      if (pre.querySelector(':scope > button.copy')) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy';
      button.textContent = 'Copy code';
      button.addEventListener('click', () => {
        const code = pre.querySelector('code')?.textContent ?? pre.textContent ?? '';
        navigator.clipboard.writeText(code).then(
          () => (button.textContent = 'Copied'),
          () => (button.textContent = 'Copy failed'),
        );
        setTimeout(() => (button.textContent = 'Copy code'), 1500);
      });
      pre.prepend(button);
    }
  };
  decorate();
  return { update: decorate };
}
