import { css } from 'lit';

/** Tables and forms shared by the roster, watch-list and rules pages: large, high-contrast, no thin lines. */
export const adminStyles = css`
  h2 {
    margin: 16px 0 10px;
    font-size: 22px;
  }
  h3 {
    margin: 14px 0 8px;
    font-size: 18px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    background: #fff;
  }
  th,
  td {
    border: 1px solid #777;
    padding: 5px 8px;
    text-align: left;
    vertical-align: top;
  }
  th {
    background: #1b3a5c;
    color: #fff;
    font-weight: 700;
  }
  tbody tr:nth-child(even) {
    background: #f1f4f7;
  }
  tr.selected,
  tr.selected:nth-child(even) {
    background: #fff4c2;
  }
  form.inline {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: end;
    margin: 10px 0;
    padding: 10px;
    background: #fff;
    border: 1px solid #c8d1db;
  }
  label {
    display: flex;
    flex-direction: column;
    font-size: 14px;
    gap: 2px;
  }
  label.check {
    flex-direction: row;
    align-items: center;
    gap: 6px;
    font-size: 16px;
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 4px 6px;
    border: 2px solid #555;
    border-radius: 3px;
    background: #fff;
    color: #111;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid #e8a100;
    outline-offset: 1px;
  }
  .muted {
    color: #444;
    font-size: 14px;
  }
  .ok {
    color: #0b5d1e;
    font-weight: 700;
  }
  .bad {
    color: #a30000;
    font-weight: 700;
  }
  .num {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .row {
    display: flex;
    gap: 20px;
    align-items: flex-start;
  }
  .row > * {
    flex: 1;
    min-width: 0;
  }
  button.link {
    border: none;
    padding: 0;
    text-decoration: underline;
    background: none;
  }
  .status {
    min-height: 1.5em;
    margin: 6px 0;
  }
`;
