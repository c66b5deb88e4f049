import { css, html } from 'lit';
import type { CompoundCheck, EpidemicFreeBlocker } from '../../../protocol/review-queries.ts';
import { consoleStyles } from '../shared/console-styles.ts';
import { formatTime, tableStyles } from './entry-table.ts';
import { fetchEpidemicFree, postConfirmedCase } from '../api/review-api.ts';
import { REVIEW_MESSAGES, reviewLabel, type ReviewMessages } from '../i18n/review-messages.ts';
import { ConsolePage } from '../shared/console-page.ts';

/** The epidemic-free compound check, per compound, with what blocks it; community staff record confirmed cases here. */
export class CpEpidemicFree extends ConsolePage {
  readonly #check = this.loader(
    () => [],
    () => fetchEpidemicFree(),
  );

  static override styles = [
    consoleStyles,
    tableStyles,
    css`
      section {
        margin: 14px 0 24px;
      }
      .verdict {
        padding: 12px 16px;
        font-size: 20px;
        font-weight: 800;
        border: 3px solid;
        border-radius: 6px;
        background: #fff;
      }
      .verdict.free {
        color: #0b5d1e;
        border-color: #0b5d1e;
      }
      .verdict.blocked {
        color: #a30000;
        border-color: #a30000;
      }
    `,
  ];

  async #record(compound: CompoundCheck, event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const note = String(data.get('note') ?? '').trim();
    const result = await postConfirmedCase({
      communityId: compound.communityId,
      confirmedOn: String(data.get('confirmedOn')),
      note: note || null,
    });
    if (!this.accept(result)) return;
    this.notice = null;
    form.reset();
    await this.#check.run();
  }

  #blocker(b: EpidemicFreeBlocker, r: ReviewMessages, compoundId: string) {
    switch (b.kind) {
      case 'confirmed-case':
        return html`<tr>
          <td>${r.blocker_confirmed}</td>
          <td>${b.subject}</td>
          <td class="num">${b.confirmedOn}</td>
          <td>${r.clearOn} ${b.clearOn}</td>
        </tr>`;
      case 'watch':
        return html`<tr>
          <td>${r.blocker_watch} · ${reviewLabel.watch(r, b.watchKind)}</td>
          <td>${b.subject}</td>
          <td class="num">${b.startDate} – ${b.endDate ?? '…'}</td>
          <td>${b.awaitingRelease ? html`<strong>${r.awaitingRelease}</strong>` : ''}</td>
        </tr>`;
      case 'fever-event':
        return html`<tr>
          <td>${r['blocker_fever-event']}</td>
          <td>${b.subject}</td>
          <td class="num">${formatTime(b.occurredAt, this.language, { compoundId })}</td>
          <td></td>
        </tr>`;
    }
  }

  override render() {
    const r = REVIEW_MESSAGES[this.language];
    return html`
      <h2>${r.epidemicFree}</h2>
      ${this.renderNotice()}
      ${this.renderLoaded(this.#check, ({ compounds }) =>
        compounds.map(
          (c: CompoundCheck) => html`
            <section aria-label=${c.communityName}>
              <h3>${c.communityName}</h3>
              <p class="verdict ${c.epidemicFree ? 'free' : 'blocked'}" role="status">
                ${c.epidemicFree ? r.isFree : r.isNotFree}
              </p>
              <p class="muted">${r.today} ${c.today} · ${r.lastConfirmed} ${c.lastConfirmedOn ?? '—'}</p>
              ${
                c.blockers.length > 0
                  ? html`<h3>${r.blockers}</h3>
                      <table>
                        <tbody>
                          ${c.blockers.map((b) => this.#blocker(b, r, c.communityId))}
                        </tbody>
                      </table>`
                  : null
              }
              <form @submit=${(event: SubmitEvent) => this.#record(c, event)} aria-label=${r.recordCase}>
                <strong>${r.recordCase}</strong>
                <label>${r.confirmedOn}<input type="date" name="confirmedOn" required max=${c.today} /></label>
                <label>${r.who}<input name="note" size="30" required /></label>
                <button class="primary" type="submit">${r.save}</button>
              </form>
            </section>
          `,
        ),
      )}
    `;
  }
}
customElements.define('cp-epidemic-free', CpEpidemicFree);
