import { css } from 'lit';

/** Outdoors, in gloves, at arm's length: large type, strong contrast, big targets. */
export const kioskStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: #0b1622;
    color: #f5f7fa;
    font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif;
    font-size: 22px;
  }
  header {
    display: flex;
    align-items: center;
    gap: 24px;
    padding: 12px 24px;
    background: #13263a;
    border-bottom: 3px solid #2d4b6b;
  }
  header h1 {
    font-size: 28px;
    margin: 0;
    flex: 1;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    gap: 12px 28px;
    padding: 10px 24px;
    background: #0f1d2c;
    font-size: 20px;
  }
  .pill {
    padding: 2px 12px;
    border-radius: 6px;
    font-weight: 700;
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
  .unsent {
    font-size: 24px;
    font-weight: 800;
  }
  main {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 16px;
    padding: 12px 24px;
  }
  .card {
    background: #13263a;
    border: 3px solid #2d4b6b;
    border-radius: 12px;
    padding: 12px 20px;
    min-height: 180px;
  }
  .card h2 {
    margin: 0 0 10px;
    font-size: 22px;
    color: #9fb6cc;
    font-weight: 600;
  }
  .name {
    font-size: 44px;
    font-weight: 800;
    margin: 6px 0;
    overflow-wrap: anywhere;
  }
  .detail {
    font-size: 22px;
    color: #d5dfe9;
    margin: 4px 0;
    overflow-wrap: anywhere;
  }
  .problem {
    color: #ffb4b4;
    font-size: 28px;
    font-weight: 800;
  }
  .temp {
    font-size: 72px;
    font-weight: 800;
    line-height: 1.05;
    margin: 4px 0;
    font-variant-numeric: tabular-nums;
  }
  .temp.fever {
    color: #ff6b6b;
  }
  .card.fever {
    border-color: #ff3b3b;
    background: #3a1111;
  }
  .waiting {
    font-size: 30px;
    color: #9fb6cc;
  }
  .choices {
    display: flex;
    gap: 20px 40px;
    flex-wrap: wrap;
    padding: 0 24px;
    align-items: center;
  }
  .segmented {
    display: flex;
    gap: 0;
  }
  .segmented button {
    font: inherit;
    font-size: 24px;
    padding: 10px 24px;
    min-width: 96px;
    background: #1b3148;
    color: #f5f7fa;
    border: 2px solid #4f7396;
    cursor: pointer;
  }
  .segmented button[aria-pressed='true'] {
    background: #f5f7fa;
    color: #0b1622;
    font-weight: 800;
  }
  .actions {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 16px;
    padding: 14px 24px;
  }
  .actions button {
    font: inherit;
    font-size: 38px;
    font-weight: 800;
    padding: 20px;
    border-radius: 14px;
    border: 0;
    cursor: pointer;
  }
  .admit {
    background: #1f9d4c;
    color: #fff;
  }
  .deny {
    background: #c62828;
    color: #fff;
  }
  button:disabled {
    opacity: 0.35;
    cursor: not-allowed;
  }
  button:focus-visible {
    outline: 4px solid #ffd54f;
    outline-offset: 3px;
  }
  .banner {
    margin: 0 24px;
    padding: 16px 22px;
    border-radius: 10px;
    font-size: 30px;
    font-weight: 800;
  }
  .banner.logged {
    background: #1e6b3a;
  }
  .banner.saving {
    background: #2d4b6b;
  }
  .banner.error {
    background: #a31d1d;
  }
  .notice {
    margin: 0 24px 10px;
    padding: 8px 16px;
    background: #8a5a00;
    border-radius: 8px;
  }
  nav.modes {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    padding: 10px 24px;
    align-items: center;
  }
  nav.modes > button {
    font: inherit;
    font-size: 22px;
    padding: 8px 18px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #13263a;
    color: #f5f7fa;
    cursor: pointer;
  }
  nav.modes > button[aria-pressed='true'] {
    background: #f5f7fa;
    color: #0b1622;
    font-weight: 800;
  }
  nav.modes .lane {
    margin-left: auto;
  }
  .card.alarm {
    border-color: #ff3b3b;
  }
  .watch-flag {
    margin: 6px 0;
    padding: 6px 12px;
    border-radius: 8px;
    background: #8a5a00;
    font-size: 24px;
  }
  .watch-flag.blocking {
    background: #a31d1d;
  }
  .exit-block {
    display: grid;
    gap: 8px;
    margin-top: 10px;
    padding: 12px;
    border: 3px solid #ff3b3b;
    border-radius: 10px;
    background: #3a1111;
  }
  .exit-block strong {
    font-size: 30px;
    color: #ffb4b4;
  }
  .exit-block input,
  .reading-entry input,
  .vehicle input {
    font: inherit;
    font-size: 24px;
    padding: 8px 10px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #0f1d2c;
    color: #f5f7fa;
  }
  .exit-block button,
  .reading-entry button,
  .vehicle button,
  .choices .cancel,
  .handover button {
    font: inherit;
    font-size: 22px;
    padding: 8px 16px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #1b3148;
    color: #f5f7fa;
    cursor: pointer;
  }
  .reading-entry button.primary,
  .handover button.primary {
    background: #1f9d4c;
    border-color: #1f9d4c;
    font-weight: 800;
  }
  .verdict {
    font-size: 28px;
    font-weight: 800;
    margin: 6px 0;
  }
  .verdict.normal {
    color: #7ee2a1;
  }
  .verdict.re-measure,
  .verdict.axillary-needed {
    color: #ffd54f;
  }
  .verdict.fever {
    color: #ff6b6b;
  }
  .steps {
    font-size: 22px;
    background: #3a1111;
    padding: 8px 12px;
    border-radius: 8px;
  }
  .warning {
    font-size: 22px;
    font-weight: 700;
    background: #8a5a00;
    padding: 6px 12px;
    border-radius: 8px;
  }
  .reading-entry {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 10px;
  }
  .reading-entry input {
    width: 140px;
  }
  .questions {
    display: grid;
    gap: 8px;
    padding: 12px 24px 0;
  }
  .question {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 16px;
    padding: 6px 12px;
    border-radius: 8px;
    background: #13263a;
  }
  .question.risk {
    background: #5a3a00;
  }
  .vehicle {
    display: flex;
    flex-wrap: wrap;
    gap: 12px;
    align-items: center;
    padding: 12px 24px 0;
  }
  .vehicle label {
    display: flex;
    gap: 10px;
    align-items: center;
  }
  .actions.three {
    grid-template-columns: 1fr 1fr 1fr;
  }
  .refer {
    background: #b35c00;
    color: #fff;
  }
  .banner.logged.denied,
  .banner.logged.referred {
    background: #a31d1d;
  }
  .handover {
    padding: 20px 24px;
    display: grid;
    gap: 16px;
  }
  .handover h2 {
    margin: 0;
    font-size: 30px;
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
  .figure.alarm {
    border-color: #ff3b3b;
    background: #3a1111;
  }
  .signin {
    max-width: 640px;
    margin: 12vh auto;
    display: grid;
    gap: 18px;
    padding: 24px;
  }
  .signin input {
    font: inherit;
    font-size: 32px;
    padding: 12px;
    border-radius: 8px;
    border: 2px solid #4f7396;
  }
  .signin button,
  header button {
    font: inherit;
    padding: 8px 20px;
    border-radius: 8px;
    border: 2px solid #4f7396;
    background: #1b3148;
    color: #f5f7fa;
    cursor: pointer;
  }
  .signin button {
    font-size: 32px;
    background: #1f9d4c;
    border: 0;
  }
`;

/** Forms, lists and tables in the secondary screens: the same large type and contrast. */
export const panelStyles = css`
  :host {
    display: block;
    color: #f5f7fa;
    font-size: 22px;
  }
  form,
  .panel {
    display: grid;
    gap: 14px;
    padding: 20px 24px;
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
    font-size: 24px;
    padding: 10px 12px;
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
    gap: 14px;
  }
  .error {
    color: #ffb4b4;
    font-weight: 700;
  }
  button {
    font: inherit;
    font-size: 24px;
    padding: 12px 22px;
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
