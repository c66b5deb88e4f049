import { css } from 'lit';

/**
 * Outdoors, in gloves, at arm's length: large type (18 px at the least), strong contrast, targets of
 * 52 px. The page never scrolls: header, status line and message line on top, the mode's content
 * below, and on the screening mode the decision bar at the bottom — the same place in every state,
 * from a 1024×600 gate tablet to a 1280×800 kiosk. Only long lists scroll, inside their panel.
 */
export const kioskStyles = css`
  :host {
    display: grid;
    grid-template-rows: auto auto 56px minmax(0, 1fr);
    height: 100vh;
    overflow: hidden;
    background: #0b1622;
    color: #f5f7fa;
    font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif;
    font-size: 20px;
    line-height: 1.3;
  }
  button {
    font: inherit;
    min-height: 52px;
    padding: 4px 14px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #1b3148;
    color: #f5f7fa;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    color: #c9d4df;
    background: #15222f;
    border-color: #3a5470;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 4px solid #ffd54f;
    outline-offset: 2px;
  }
  input {
    font: inherit;
    min-height: 52px;
    box-sizing: border-box;
    padding: 4px 10px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #0f1d2c;
    color: #f5f7fa;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  header {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 4px 12px;
    background: #13263a;
    border-bottom: 2px solid #2d4b6b;
    min-width: 0;
  }
  header h1 {
    font-size: 22px;
    margin: 0 6px 0 0;
    white-space: nowrap;
  }
  nav.modes {
    display: flex;
    gap: 6px;
    flex: 1;
    min-width: 0;
  }
  nav.modes > button {
    padding: 4px 8px;
    white-space: nowrap;
    font-size: 19px;
  }
  nav.modes > button[aria-pressed='true'] {
    background: #f5f7fa;
    color: #0b1622;
    font-weight: 800;
  }
  nav.modes .count {
    display: inline-block;
    margin-left: 6px;
    padding: 0 8px;
    border-radius: 12px;
    background: #ffd54f;
    color: #0b1622;
    font-weight: 800;
  }
  header .language {
    margin-left: auto;
    white-space: nowrap;
  }
  .statusbar {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 12px;
    background: #0f1d2c;
    font-size: 18px;
    min-width: 0;
    white-space: nowrap;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 8px;
    flex: 1;
    min-width: 0;
    overflow: hidden;
  }
  .statusbar .guard {
    margin-left: auto;
  }
  .pill {
    flex: none;
    padding: 2px 10px;
    border-radius: 6px;
    font-weight: 700;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .ok {
    background: #1e6b3a;
  }
  .warn {
    background: #8a5a00;
  }
  .bad {
    background: #a31d1d;
  }
  .message-slot {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 4px 12px;
    min-width: 0;
  }
  .message-slot > p {
    flex: 1;
    min-width: 0;
    margin: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .banner,
  .notice {
    padding: 6px 14px;
    border-radius: 8px;
    font-size: 22px;
    font-weight: 800;
  }
  .banner.logged {
    background: #1e6b3a;
  }
  .banner.logged.denied,
  .banner.logged.referred,
  .banner.logged.abandoned {
    background: #a31d1d;
  }
  .banner.saving {
    background: #2d4b6b;
  }
  .banner.error {
    background: #a31d1d;
  }
  .notice {
    background: #8a5a00;
    font-weight: 700;
  }
  .queue {
    margin: 0;
    padding: 6px 12px;
    border-radius: 8px;
    background: #5a3a00;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    max-width: 30%;
  }
  .vehicle {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-left: auto;
    white-space: nowrap;
  }
  .vehicle input {
    width: 130px;
  }
  .content {
    min-height: 0;
    overflow: hidden;
    display: grid;
  }
  /* The pairing form of a screen the gate does not know yet: the code, a name, one big button. */
  form.pairing {
    display: grid;
    align-content: start;
    gap: 12px;
    padding: 8px 16px;
    max-width: 720px;
    font-size: 20px;
  }
  form.pairing h2,
  form.pairing p {
    margin: 0;
  }
  form.pairing label {
    display: grid;
    gap: 6px;
    color: #d5dfe9;
  }
  form.pairing input {
    font: inherit;
    font-size: 26px;
    min-height: 52px;
    box-sizing: border-box;
    padding: 4px 10px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #0f1d2c;
    color: #f5f7fa;
  }
  form.pairing input[name='code'] {
    max-width: 8em;
    letter-spacing: 0.2em;
  }
  form.pairing button {
    justify-self: start;
    min-width: 160px;
    background: #1f9d4c;
    border-color: #1f9d4c;
    font-weight: 800;
  }
  /* The screening mode: cards above, the decision bar below. */
  .screening {
    display: grid;
    grid-template-rows: minmax(0, 1fr) auto;
    gap: 8px;
    padding: 0 12px 8px;
    min-height: 0;
  }
  .cards {
    display: grid;
    grid-template-columns: 0.95fr 1.3fr 0.8fr;
    gap: 8px;
    min-height: 0;
  }
  .cards:has(> .card:only-child),
  .cards:has(> .card:nth-child(2):last-child) {
    grid-template-columns: 1fr 1fr;
  }
  .card {
    background: #13263a;
    border: 3px solid #2d4b6b;
    border-radius: 12px;
    padding: 8px 12px;
    min-height: 0;
    overflow: hidden;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .card > p {
    margin: 0;
  }
  .card.alarm,
  .card.fever {
    border-color: #ff3b3b;
  }
  .card.fever {
    background: #3a1111;
  }
  .name {
    font-size: 34px;
    font-weight: 800;
    line-height: 1.15;
    margin: 0;
    overflow-wrap: break-word;
  }
  .decision .why {
    display: block;
    font-size: 18px;
    font-weight: 600;
  }
  .direction {
    display: inline-block;
    padding: 0 8px;
    border-radius: 6px;
    background: #f5f7fa;
    color: #0b1622;
    font-weight: 800;
  }
  .direction.out {
    background: #ffd54f;
  }
  .detail {
    color: #d5dfe9;
    overflow-wrap: anywhere;
  }
  .small {
    font-size: 18px;
  }
  .problem {
    color: #ffb4b4;
    font-size: 24px;
    font-weight: 800;
  }
  .problem.small {
    font-size: 18px;
  }
  .tap {
    font-size: 18px;
    color: #9fb6cc;
  }
  .tap.needed {
    color: #ffd54f;
    font-weight: 700;
  }
  .watch-flag {
    padding: 2px 10px;
    border-radius: 8px;
    background: #8a5a00;
    font-size: 18px;
  }
  .watch-flag.blocking {
    background: #a31d1d;
  }
  .exit-block {
    display: grid;
    gap: 4px;
    padding: 6px 8px;
    border: 3px solid #ff3b3b;
    border-radius: 10px;
    background: #3a1111;
    font-size: 18px;
  }
  .exit-block strong {
    color: #ffb4b4;
  }
  .exit-block label {
    display: grid;
    gap: 4px;
  }
  .waiting {
    font-size: 26px;
    color: #9fb6cc;
    margin: 0;
  }
  .temp-head {
    display: flex;
    align-items: baseline;
    flex-wrap: wrap;
    gap: 4px 12px;
  }
  .temp {
    font-size: 56px;
    font-weight: 800;
    line-height: 1;
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .temp.fever {
    color: #ff6b6b;
  }
  .thermal-frame {
    width: 128px;
    height: 96px;
    margin-left: auto;
    align-self: center;
    border-radius: 4px;
    image-rendering: pixelated;
  }
  .temp.uncertain {
    color: #ffd54f;
  }
  .verdict {
    font-size: 22px;
    font-weight: 800;
    margin: 0;
  }
  .verdict.normal {
    color: #7ee2a1;
  }
  .verdict.re-measure,
  .verdict.axillary-needed,
  .verdict.uncertain {
    color: #ffd54f;
  }
  .verdict.fever {
    color: #ff6b6b;
  }
  .steps {
    font-size: 18px;
    background: #5a1a1a;
    padding: 4px 8px;
    border-radius: 8px;
  }
  .warning {
    font-size: 18px;
    font-weight: 700;
    background: #8a5a00;
    padding: 2px 8px;
    border-radius: 8px;
  }
  .reading-entry {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: auto;
  }
  .reading-entry input {
    width: 84px;
    flex: 1 1 84px;
    min-width: 0;
  }
  .reading-entry button {
    padding: 2px 8px;
    white-space: nowrap;
  }
  .reading-entry button.primary {
    background: #1f9d4c;
    border-color: #1f9d4c;
    font-weight: 800;
  }
  .checks-card {
    gap: 6px;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 18px;
  }
  .check > span {
    flex: 1 1 0;
    min-width: 0;
    overflow-wrap: break-word;
  }
  .check.mask {
    flex-wrap: wrap;
  }
  .check.mask > span {
    flex: 0 0 auto;
  }
  .check.mask .segmented {
    margin-left: auto;
  }
  .answer {
    flex: none;
    min-width: 72px;
    font-weight: 800;
  }
  .check.risk .answer {
    background: #ffd54f;
    color: #0b1622;
  }
  .check.risk {
    background: #5a3a00;
    border-radius: 8px;
    padding: 0 6px;
  }
  .segmented {
    display: flex;
    flex: none;
  }
  .segmented button {
    border-radius: 0;
    padding: 2px 10px;
    min-width: 56px;
  }
  .segmented button:first-child {
    border-radius: 8px 0 0 8px;
  }
  .segmented button:last-child {
    border-radius: 0 8px 8px 0;
  }
  .segmented button[aria-pressed='true'] {
    background: #f5f7fa;
    color: #0b1622;
    font-weight: 800;
  }
  .decisions {
    display: grid;
    grid-template-columns: 1fr 1fr 1fr 0.8fr;
    grid-template-rows: 84px;
    gap: 10px;
  }
  .decision {
    min-height: 84px;
    padding: 2px 8px;
    border: 0;
    border-radius: 14px;
    font-size: 28px;
    font-weight: 800;
    color: #fff;
    line-height: 1.1;
  }
  .decision.admit {
    background: #1f7a3e;
  }
  .decision.deny {
    background: #b02424;
  }
  .decision.refer {
    background: #9a4f00;
  }
  .decision.abandon {
    background: #1b3148;
    border: 2px solid #4f7396;
    font-size: 20px;
    font-weight: 700;
  }
  .decision:disabled {
    background: #1b2836;
    color: #c9d4df;
    border: 2px dashed #4f7396;
  }
  .handover {
    padding: 8px 16px;
    display: grid;
    gap: 10px;
    align-content: start;
    overflow: auto;
  }
  .handover h2,
  .handover p {
    margin: 0;
  }
  .handover h2 {
    font-size: 26px;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 8px;
  }
  .figure {
    background: #13263a;
    border: 2px solid #2d4b6b;
    border-radius: 10px;
    padding: 4px 12px;
  }
  .figure strong {
    display: block;
    font-size: 34px;
  }
  .figure.alarm {
    border-color: #ff3b3b;
    background: #3a1111;
  }
  .handover button.primary {
    background: #1f9d4c;
    border-color: #1f9d4c;
    font-weight: 800;
    justify-self: start;
  }
`;

/** Forms, lists and tables in the secondary screens: the same large type and contrast. */
export const panelStyles = css`
  :host {
    display: block;
    min-height: 0;
    overflow: auto;
    color: #f5f7fa;
    font-size: 20px;
  }
  form,
  .panel {
    display: grid;
    gap: 10px;
    padding: 4px 16px 12px;
    max-width: 1100px;
  }
  label {
    display: grid;
    gap: 6px;
    font-size: 20px;
    color: #d5dfe9;
  }
  input,
  select {
    font: inherit;
    font-size: 22px;
    min-height: 52px;
    box-sizing: border-box;
    padding: 4px 10px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #0f1d2c;
    color: #f5f7fa;
  }
  input[aria-invalid='true'] {
    border-color: #ff6b6b;
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
    gap: 10px;
  }
  .error {
    color: #ffb4b4;
    font-weight: 700;
  }
  button {
    font: inherit;
    font-size: 22px;
    min-height: 52px;
    padding: 4px 18px;
    border-radius: 10px;
    border: 2px solid #4f7396;
    background: #1b3148;
    color: #f5f7fa;
    cursor: pointer;
  }
  button.primary {
    background: #1f9d4c;
    border-color: #1f9d4c;
    font-weight: 800;
  }
  button:disabled {
    opacity: 0.4;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 4px solid #ffd54f;
    outline-offset: 2px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 20px;
  }
  th,
  td {
    text-align: left;
    padding: 8px 10px;
    border-bottom: 1px solid #2d4b6b;
    overflow-wrap: anywhere;
  }
  th {
    color: #9fb6cc;
    font-weight: 600;
  }
  /* A header or a time broken mid-word ('Directio n', '03:3 0') is misread: only names and words wrap. */
  table.log th,
  table.log td.time {
    white-space: nowrap;
    overflow-wrap: normal;
  }
  .flag {
    display: inline-block;
    margin: 2px 4px 2px 0;
    padding: 0 8px;
    border-radius: 6px;
    background: #8a5a00;
    font-size: 18px;
  }
  .flag.fever {
    background: #a31d1d;
  }
  .why {
    color: #d5dfe9;
    font-size: 18px;
  }
  h2 {
    margin: 8px 0;
    font-size: 26px;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
    gap: 14px;
  }
  .figure {
    background: #13263a;
    border: 2px solid #2d4b6b;
    border-radius: 10px;
    padding: 12px 16px;
  }
  .figure strong {
    display: block;
    font-size: 44px;
  }
`;
