import { css } from 'lit';

/** An office PC with an old monitor: black on white, system CJK fonts, nothing thin or faint. */
export const consoleStyles = css`
  :host {
    display: block;
    color: #111;
    font-family: 'Microsoft YaHei', 'Noto Sans CJK SC', 'PingFang SC', 'SimHei', sans-serif;
    font-size: 16px;
    line-height: 1.45;
  }
  button {
    font: inherit;
    padding: 6px 14px;
    border: 2px solid #1b3a5c;
    border-radius: 4px;
    background: #fff;
    color: #1b3a5c;
    cursor: pointer;
  }
  button.primary {
    background: #1b3a5c;
    color: #fff;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid #e8a100;
    outline-offset: 2px;
  }
  .error {
    color: #a30000;
    font-weight: 700;
  }
`;

/** A unit's name that opens it: a button that reads as a link in a table. */
export const linkButtonStyles = css`
  button.link {
    background: none;
    border: none;
    padding: 0;
    min-height: 0;
    color: #1b3a5c;
    text-decoration: underline;
    font: inherit;
    cursor: pointer;
  }
`;
