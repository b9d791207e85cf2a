// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js'
document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// Tables (see auditrack.css). An .at-table--stack table gets each cell's column name
// (data-label) so that a narrow screen can show one card per row; the table keeps its
// table roles when its display changes. Without this file such a table scrolls instead.
function stackable (table) {
  const names = [...table.querySelectorAll(':scope > thead > tr > th')].map((th) => {
    if (th.dataset.label) return th.dataset.label // a heading that is also a link
    const hidden = th.querySelector('.govuk-visually-hidden')
    return hidden && hidden.textContent === th.textContent ? '' : th.textContent.trim()
  })
  const role = (e, r) => e.setAttribute('role', r)
  role(table, 'table')
  for (const g of table.querySelectorAll(':scope > thead, :scope > tbody')) role(g, 'rowgroup')
  for (const tr of table.querySelectorAll(':scope > thead > tr, :scope > tbody > tr')) {
    role(tr, 'row')
    let col = 0
    for (const cell of tr.children) {
      const scope = cell.getAttribute('scope')
      role(cell, scope === 'col' ? 'columnheader' : scope === 'row' ? 'rowheader' : 'cell')
      if (tr.parentElement.tagName === 'TBODY' && names[col]) cell.dataset.label = names[col]
      col += cell.colSpan || 1
    }
  }
  table.dataset.stacked = ''
}
document.querySelectorAll('table.at-table--stack').forEach(stackable)

// A table wider than its wrapper scrolls there: the wrapper becomes a region named by the
// caption that the keyboard can reach and scroll, and a line under the caption says so.
function scrollable (wrap) {
  const wide = wrap.scrollWidth > wrap.clientWidth + 1
  const caption = wrap.querySelector('caption')
  let cue = wrap.querySelector('.at-scroll-cue') ||
    (wrap.previousElementSibling && wrap.previousElementSibling.matches('.at-scroll-cue')
      ? wrap.previousElementSibling : null)
  wrap.classList.toggle('at-table-wrap--scrolls', wide)
  if (wide) {
    wrap.tabIndex = 0
    wrap.setAttribute('role', 'region')
    if (!cue) {
      wrap.setAttribute('aria-label',
        `${caption ? caption.textContent.trim() : 'Table'} (scrolls sideways)`)
      cue = document.createElement(caption ? 'span' : 'p')
      cue.className = 'govuk-body-s at-scroll-cue'
      cue.setAttribute('aria-hidden', 'true')
      cue.textContent = 'Wider than the screen: scroll the table sideways to see every column.'
      if (caption) caption.append(cue); else wrap.before(cue)
    }
  } else {
    wrap.removeAttribute('tabindex')
    wrap.removeAttribute('role')
    wrap.removeAttribute('aria-label')
    if (cue) cue.remove()
  }
}
const wraps = () => document.querySelectorAll('.at-table-wrap').forEach(scrollable)
wraps()
window.addEventListener('resize', wraps)

// A datalist too long to send with every page (the list's owner filter on a large
// register) names where its options are: they are fetched the first time one of its
// fields is used. Without this file, or if the fetch fails, the field takes any text.
function suggestLater (list) {
  const fill = async () => {
    if (list.dataset.loaded) return
    list.dataset.loaded = 'yes'
    try {
      const res = await fetch(list.dataset.src, { credentials: 'same-origin' })
      if (!res.ok) return
      const names = await res.json()
      if (!Array.isArray(names)) return
      list.replaceChildren(...names.map((name) => {
        const o = document.createElement('option')
        o.value = String(name)
        return o
      }))
    } catch (e) { /* suggestions only: the field still works */ }
  }
  document.querySelectorAll(`input[list="${list.id}"]`).forEach((input) => {
    input.addEventListener('focus', fill, { once: true })
  })
}
document.querySelectorAll('datalist[data-src]').forEach(suggestLater)
