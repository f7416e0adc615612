import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { html } from '../../shared/views/html.ts';

describe('pages are escaped by construction', () => {
  it('a value interpolated into a page is escaped', () => {
    const name = '<script>alert("x")</script> & \'co\'';
    expect(String(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
  });

  it('html made by the tag nests without being escaped twice; lists are joined; nothing renders for undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(String(html`<ul>${items}${undefined}${false}${null}</ul>`)).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('no string can open a tag or leave an attribute (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(String(html`${s}`)).not.toMatch(/[<>"']/);
        expect(String(html`<a title="${s}">`).slice(10, -2)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
