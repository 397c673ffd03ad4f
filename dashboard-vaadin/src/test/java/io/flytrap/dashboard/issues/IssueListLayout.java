package io.flytrap.dashboard.issues;

import io.flytrap.dashboard.BrowserSupport;

import java.util.List;
import java.util.Map;

/** Measurements of the issue grid as drawn, in CSS pixels, for the layout browser tests. */
final class IssueListLayout {

    /** The rect of a cell's text (a Range), not of the cell: the text is what a reader lines up with the header. */
    private static final String CELLS = """
            const g = document.getElementById('issues');
            const content = cell => { const s = cell.querySelector('slot'); return s ? s.assignedElements()[0] : null; };
            const rect = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
            const headers = Array.from(g.shadowRoot.querySelectorAll('#header tr:last-child th'))
                .filter(th => !th.hidden && th.getBoundingClientRect().width > 0);
            const rows = Array.from(g.shadowRoot.querySelectorAll('#items tr:not([hidden])'))
                .filter(tr => { const r = tr.getBoundingClientRect(); const gr = g.getBoundingClientRect();
                                return r.height > 0 && r.top >= gr.top && r.bottom <= Math.min(gr.bottom, innerHeight) + 1; });
            """;

    private IssueListLayout() {
    }

    /** Columns with a header text whose x-range does not overlap a value's x-range, with the numbers. */
    @SuppressWarnings("unchecked")
    static List<String> misalignedColumns(BrowserSupport browser) {
        return (List<String>) browser.js(CELLS + """
                const out = [];
                headers.forEach(th => {
                  const hc = content(th); if (!hc || !hc.innerText.trim()) return;
                  const hr = rect(hc);
                  const index = Array.from(th.parentNode.children).indexOf(th);
                  rows.forEach(tr => {
                    const td = tr.children[index]; const vc = td && content(td); if (!vc || !vc.innerText.trim()) return;
                    const vr = rect(vc);
                    if (vr.right <= hr.left || vr.left >= hr.right) {
                      out.push(hc.innerText.trim() + ' header x ' + Math.round(hr.left) + '..' + Math.round(hr.right)
                        + ' but value "' + vc.innerText.trim().slice(0, 20) + '" x ' + Math.round(vr.left) + '..' + Math.round(vr.right) + ' (cells ' + Math.round(th.getBoundingClientRect().left)
                        + ' / ' + Math.round(td.getBoundingClientRect().left) + ')');
                    }
                  });
                });
                return out;""");
    }

    /** How many columns have both a header text and a value text in the visible rows. */
    static long columnsMeasured(BrowserSupport browser) {
        return ((Number) browser.js(CELLS + """
                return headers.filter(th => { const hc = content(th); if (!hc || !hc.innerText.trim()) return false;
                  const index = Array.from(th.parentNode.children).indexOf(th);
                  return rows.some(tr => { const td = tr.children[index]; const vc = td && content(td);
                                           return vc && vc.innerText.trim(); }); }).length;""")).longValue();
    }

    /** Rows whose whole height is inside both the grid and the window. */
    static long visibleRows(BrowserSupport browser) {
        return ((Number) browser.js("if (!document.getElementById('issues')) return 0;" + CELLS + "return rows.length;")).longValue();
    }

    /** Visible rows, the grid's top (the space above it), and the window's size. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> measure(BrowserSupport browser) {
        return (Map<String, Object>) browser.js(CELLS + """
                return {rows: rows.length, gridTop: Math.round(g.getBoundingClientRect().top),
                        firstRowTop: rows.length ? Math.round(rows[0].getBoundingClientRect().top) : -1,
                        rowHeight: rows.length ? Math.round(rows[0].getBoundingClientRect().height) : -1,
                        titleWidth: (() => { const t = g.querySelector('.issue-title'); return t ? Math.round(t.getBoundingClientRect().width) : -1; })(),
                        titleLines: (() => { const t = g.querySelector('.issue-title'); if (!t) return -1;
                          return Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)); })(),
                        window: innerWidth + 'x' + innerHeight,
                        above: Array.from(g.parentNode.children).filter(c => c.getBoundingClientRect().height > 0)
                          .map(c => (c.id || c.tagName) + ':' + Math.round(c.getBoundingClientRect().top) + '+' + Math.round(c.getBoundingClientRect().height)).join(' '),
                        header: Array.from(g.shadowRoot.querySelectorAll('#header tr')).map(tr => Array.from(tr.children)
                          .map(c => Math.round(c.getBoundingClientRect().left) + '/' + Math.round(c.getBoundingClientRect().width) + (c.hidden ? 'h' : '')).join(',')).join(' | '),
                        body: rows.length ? Array.from(rows[0].children).map(c => Math.round(c.getBoundingClientRect().left) + '/'
                          + Math.round(c.getBoundingClientRect().width) + (c.hidden ? 'h' : '')).join(',') : ''};""");
    }

    static String firstTitle(BrowserSupport browser) {
        return String.valueOf(browser.js("return document.querySelector('#issues .issue-title').innerText"));
    }
}
