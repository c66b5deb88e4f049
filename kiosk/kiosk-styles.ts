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
  header h1 { font-size: 28px; margin: 0; flex: 1; }
  .status {
    display: flex;
    flex-wrap: wrap;
    gap: 12px 28px;
    padding: 10px 24px;
    background: #0f1d2c;
    font-size: 20px;
  }
  .pill { padding: 2px 12px; border-radius: 6px; font-weight: 700; }
  .ok { background: #1e6b3a; }
  .warn { background: #8a5a00; }
  .bad { background: #a31d1d; }
  .unsent { font-size: 24px; font-weight: 800; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; padding: 20px 24px; }
  .card { background: #13263a; border: 3px solid #2d4b6b; border-radius: 12px; padding: 18px 22px; min-height: 200px; }
  .card h2 { margin: 0 0 10px; font-size: 22px; color: #9fb6cc; font-weight: 600; }
  .name { font-size: 48px; font-weight: 800; margin: 6px 0; overflow-wrap: anywhere; }
  .detail { font-size: 22px; color: #d5dfe9; margin: 4px 0; overflow-wrap: anywhere; }
  .problem { color: #ffb4b4; font-size: 28px; font-weight: 800; }
  .temp { font-size: 88px; font-weight: 800; line-height: 1.1; font-variant-numeric: tabular-nums; }
  .temp.fever { color: #ff6b6b; }
  .card.fever { border-color: #ff3b3b; background: #3a1111; }
  .waiting { font-size: 30px; color: #9fb6cc; }
  .choices { display: flex; gap: 20px 40px; flex-wrap: wrap; padding: 0 24px; align-items: center; }
  .segmented { display: flex; gap: 0; }
  .segmented button {
    font: inherit; font-size: 24px; padding: 10px 24px; min-width: 96px;
    background: #1b3148; color: #f5f7fa; border: 2px solid #4f7396; cursor: pointer;
  }
  .segmented button[aria-pressed='true'] { background: #f5f7fa; color: #0b1622; font-weight: 800; }
  .actions { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; padding: 20px 24px; }
  .actions button {
    font: inherit; font-size: 40px; font-weight: 800; padding: 28px; border-radius: 14px; border: 0; cursor: pointer;
  }
  .admit { background: #1f9d4c; color: #fff; }
  .deny { background: #c62828; color: #fff; }
  button:disabled { opacity: 0.35; cursor: not-allowed; }
  button:focus-visible { outline: 4px solid #ffd54f; outline-offset: 3px; }
  .banner { margin: 0 24px; padding: 16px 22px; border-radius: 10px; font-size: 30px; font-weight: 800; }
  .banner.logged { background: #1e6b3a; }
  .banner.saving { background: #2d4b6b; }
  .banner.error { background: #a31d1d; }
  .notice { margin: 0 24px 10px; padding: 8px 16px; background: #8a5a00; border-radius: 8px; }
  .signin { max-width: 640px; margin: 12vh auto; display: grid; gap: 18px; padding: 24px; }
  .signin input { font: inherit; font-size: 32px; padding: 12px; border-radius: 8px; border: 2px solid #4f7396; }
  .signin button, header button {
    font: inherit; padding: 8px 20px; border-radius: 8px; border: 2px solid #4f7396; background: #1b3148; color: #f5f7fa; cursor: pointer;
  }
  .signin button { font-size: 32px; background: #1f9d4c; border: 0; }
`;
