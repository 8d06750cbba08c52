// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../scripts/lib/random.js';
import { IncrementalMarkdown, renderMarkdown } from '../../../../src/lib/chat';

/** A seeded generator, so a failure names a seed that reproduces it. */
const random: (seed: number) => () => number = mulberry32;

/** `text` cut into pieces of 1 to `max` characters, the way tokens arrive. */
function chunks(text: string, seed: number, max = 12): string[] {
  const next = random(seed);
  const parts: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(next() * max);
    parts.push(text.slice(at, at + size));
    at += size;
  }
  return parts;
}

/**
 * HTML as the browser reads it: parsed and written back. Needed because DOMPurify returns a piece with no
 * tag in it (an escaped HTML block alone) as it came, `&#60;`, where inside a longer text it writes the
 * same character back as `&lt;`: the same DOM, different bytes. Anything that differs as a DOM still differs.
 */
function asDom(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.innerHTML;
}

/** Feeds `text` in chunks and checks every intermediate render against a full render of the same text. */
function expectSameAsFullRender(text: string, seed: number, max?: number): void {
  const incremental = new IncrementalMarkdown();
  let sofar = '';
  for (const part of chunks(text, seed, max)) {
    sofar += part;
    const got = asDom(incremental.render(sofar));
    const full = asDom(renderMarkdown(sofar));
    // Reported with the failing prefix and seed, so the case can be turned into its own test.
    if (got !== full) expect({ seed, sofar, got }).toEqual({ seed, sofar, got: full });
  }
}

const TRICKY: Record<string, string> = {
  'paragraphs and headings':
    '# Title\n\nFirst paragraph with **bold** and `code`.\nSecond line of it.\n\n## Part two\n\nAnother one.\nSetext\n===\n\nAnd\n---\n\nend',
  'a code fence opened, with blank lines inside, then closed':
    'Intro:\n\n```ts\nconst a = 1;\n\n\nfunction f() {\n  return "# not a heading";\n}\n```\n\nAfter the fence.\n\n~~~\nunclosed tilde fence\n\n- not a list\n',
  'a fence that is never closed': 'Before\n\n```python\nprint(1)\n\n# comment\n\n| not | a table |\n',
  'a fence in a list item':
    '1. Step one\n\n   ```sh\n   npm ci\n\n   npm test\n   ```\n\n2. Step two\n\nDone.\n',
  'loose and tight lists':
    '- a\n- b\n\n- c, now the list is loose\n\n  continued item text\n\nParagraph.\n\n* star list\n+ plus list\n\n1. one\n2. two\n\n3. three\n10) other\n\nText\n',
  'nested lists and a list right after a list':
    '- outer\n  - inner\n    - deeper\n\n- outer two\n1. ordered after bullet\n\n2. continues\n\n- [ ] task\n- [x] done\n',
  'tables, with and without a blank line after':
    '| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\n| x |\n|---|\n| y |\nright after\n\nText | with | pipes\n',
  'block quotes and lazy lines':
    '> quoted\nlazy line\n> more\n\n> second quote\n\n>\n> - list in quote\n\nafter\n',
  'indented code across blank lines':
    'Para\n\n    code line\n\n    more code\n\n        deeper\nnot code\n\n    code again\n\nend\n',
  'half-finished HTML tags':
    'Text <img src=x onerr\n\n<img src=x onerror=alert(1)>\n\n<div>\n<script>alert(1)</script>\n\n</div>\n\n<!-- comment\n\nstill comment -->\n\n<a href="javascript:alert(1)">x</a> <b onclick=x>b</b>\n',
  'links and images':
    '[ok](https://example.com) [bad](javascript:alert(1)) ![img](https://example.com/x.png)\n\n<https://auto.link> www.example.com mail@example.com\n\n[ref] not yet a reference\n',
  'a reference definition that arrives late':
    'See [docs] and [docs][].\n\nMore text.\n\n[docs]: https://example.com/docs "Docs"\n\nAfter.\n',
  'horizontal rules and emphasis across lines': 'a *b\nc* d\n\n***\n\n---\n\n___\n\n**bold\n\nnot bold**\n',
  'CRLF line endings': 'Line one\r\nLine two\r\n\r\n- item\r\n- item\r\n\r\n```\r\ncode\r\n```\r\n\r\nend',
  'blocks that begin on the next line, without a blank line':
    'Para\n#x is no heading\n\n| a |\n|---|\n| 1 |\n#x\n\nPara\n<div>\nmore\n\nPara\n> q\nlazy\n\nPara\n```\ncode\n```\nafter the fence\n# Real heading\ntext\n',
  'unicode and surrogate pairs': 'Émoji 😀 here\n\n- 🍎 apple\n- 🍐 pear\n\n中文段落。\n\n```\n😀\n```\n',
};

describe('IncrementalMarkdown gives what a full render gives', () => {
  it.each(Object.entries(TRICKY))('%s, fed in random chunks', (_name, text) => {
    for (const seed of [1, 2]) expectSameAsFullRender(text, seed);
  });

  it.each(Object.entries(TRICKY))('%s, fed one character at a time', (_name, text) => {
    expectSameAsFullRender(text, 0, 1);
  });

  it('random documents made of every tricky block, in random order and chunks', () => {
    const blocks = Object.values(TRICKY).flatMap((text) => text.split(/\n\n/));
    for (let seed = 100; seed < 120; seed++) {
      const next = random(seed);
      const picked = Array.from({ length: 12 }, () => blocks[Math.floor(next() * blocks.length)] ?? '');
      // Mostly blank lines between blocks, sometimes a single newline or extra blank lines.
      const text = picked.reduce((sofar, block) => {
        const gap = ['\n\n', '\n\n', '\n\n', '\n', '\n\n\n', '\n  \n'][Math.floor(next() * 6)] ?? '\n\n';
        return sofar === '' ? block : sofar + gap + block;
      }, '');
      expectSameAsFullRender(text, seed, 20);
    }
  });

  it('starts over when the text is replaced rather than extended', () => {
    const incremental = new IncrementalMarkdown();
    incremental.render('First paragraph.\n\nSecond paragraph.\n\nThird');
    expect(incremental.render('Something else.\n\nEntirely')).toBe(
      renderMarkdown('Something else.\n\nEntirely'),
    );
    expect(incremental.render('')).toBe(renderMarkdown(''));
  });
});

describe('IncrementalMarkdown renders finished blocks once', () => {
  function counting(): { incremental: IncrementalMarkdown; calls: string[] } {
    const calls: string[] = [];
    const incremental = new IncrementalMarkdown({
      render: (markdown) => {
        calls.push(markdown);
        return renderMarkdown(markdown);
      },
    });
    return { incremental, calls };
  }

  it('a finished paragraph is never rendered again once the next block has begun', () => {
    const { incremental, calls } = counting();
    const text = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} says something worth reading.`).join(
      '\n\n',
    );
    let sofar = '';
    let html = '';
    for (const part of chunks(text, 9, 6)) {
      sofar += part;
      html = incremental.render(sofar);
    }
    expect(html).toBe(renderMarkdown(text));
    // Paragraph 0 is rendered while it grows, then once more as part of the finished blocks, and never after.
    const withFirst = calls.flatMap((markdown, i) => (markdown.includes('Paragraph 0 ') ? [i] : []));
    const lastWithFirst = withFirst.at(-1) ?? -1;
    expect(calls.length - lastWithFirst).toBeGreaterThan(calls.length * 0.9);
    // Nothing close to the whole text is rendered per call: each call renders the open block only.
    const longest = Math.max(...calls.slice(lastWithFirst + 1).map((markdown) => markdown.length));
    expect(longest).toBeLessThan(100);
    const rendered = calls.reduce((sum, markdown) => sum + markdown.length, 0);
    // A full render per call would be about calls × text.length / 2.
    expect(rendered).toBeLessThan((calls.length * text.length) / 20);
  });

  it('an unchanged text is answered from the cache plus its open block only', () => {
    const { incremental, calls } = counting();
    const text = '# Title\n\nOne.\n\nTwo.\n\nThree is still being written';
    incremental.render(text);
    calls.length = 0;
    expect(incremental.render(text)).toBe(renderMarkdown(text));
    expect(calls).toEqual(['Three is still being written']);
  });

  it('an open code fence stays open: its start is rendered again until it is closed', () => {
    const { incremental, calls } = counting();
    incremental.render('Intro.\n\n```\nline 1\n\nline 2\n');
    calls.length = 0;
    incremental.render('Intro.\n\n```\nline 1\n\nline 2\n\nline 3\n');
    expect(calls).toEqual(['```\nline 1\n\nline 2\n\nline 3\n']);
    calls.length = 0;
    const closed = 'Intro.\n\n```\nline 1\n\nline 2\n\nline 3\n```\n\nAfter';
    expect(incremental.render(closed)).toBe(renderMarkdown(closed));
    expect(calls).toEqual(['```\nline 1\n\nline 2\n\nline 3\n```\n\n', 'After']);
  });

  it('a list is not finished at a blank line, only where a line at column 0 ends it', () => {
    const { incremental, calls } = counting();
    incremental.render('- a\n\n- b\n\n');
    incremental.render('- a\n\n- b\n\n2');
    expect(calls.at(-1)).toBe('- a\n\n- b\n\n2');
    incremental.render('- a\n\n- b\n\nThe end');
    expect(calls.slice(-2)).toEqual(['- a\n\n- b\n\n', 'The end']);
  });

  it('renderParts keeps the very same finished part until another block finishes', () => {
    const incremental = new IncrementalMarkdown();
    const first = incremental.renderParts('One.\n\nTwo is open');
    const second = incremental.renderParts('One.\n\nTwo is open and growing');
    expect(second.done).toBe(first.done);
    expect(second.done).toBe(renderMarkdown('One.\n\n'));
    expect(second.open).toBe(renderMarkdown('Two is open and growing'));
    const third = incremental.renderParts('One.\n\nTwo is done.\n\nThree');
    expect(third.done).toBe(renderMarkdown('One.\n\n') + renderMarkdown('Two is done.\n\n'));
    expect(third.open).toBe(renderMarkdown('Three'));
  });

  it('renders the whole text each time once a link reference definition appears', () => {
    const { incremental, calls } = counting();
    const text = 'See [docs].\n\nMore.\n\n[docs]: https://example.com\n\nAfter';
    expect(incremental.render(text)).toBe(renderMarkdown(text));
    expect(incremental.render(`${text} more`)).toBe(renderMarkdown(`${text} more`));
    expect(calls.at(-1)).toBe(`${text} more`);
    expect(renderMarkdown(text)).toContain('href="https://example.com"');
    // A different text afterwards starts over, back to rendering only the open block.
    calls.length = 0;
    incremental.render('New.\n\nText');
    incremental.render('New.\n\nText grows');
    expect(calls.at(-1)).toBe('Text grows');
  });
});

describe('IncrementalMarkdown keeps the sanitizing of renderMarkdown', () => {
  it('no script, image, handler or javascript: link survives, however the text is cut', () => {
    const text = `${TRICKY['half-finished HTML tags'] ?? ''}\n\n${TRICKY['links and images'] ?? ''}`;
    const incremental = new IncrementalMarkdown();
    let sofar = '';
    for (const part of chunks(text, 42, 5)) {
      sofar += part;
      const template = document.createElement('template');
      template.innerHTML = incremental.render(sofar);
      const elements = [...template.content.querySelectorAll('*')];
      expect(elements.map((element) => element.tagName)).not.toEqual(
        expect.arrayContaining(['SCRIPT', 'IMG', 'DIV', 'IFRAME']),
      );
      const attributes = elements.flatMap((element) => [...element.attributes]);
      expect(attributes.filter((attribute) => attribute.name.startsWith('on'))).toEqual([]);
      const hrefs = attributes.filter((attribute) => attribute.name === 'href').map((a) => a.value);
      expect(hrefs.every((href) => /^(https?:|mailto:)/.test(href))).toBe(true);
    }
    // The text of the tags is still there for people to read.
    expect(asDom(incremental.render(sofar))).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
