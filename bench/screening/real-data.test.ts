import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEVER_RULE_DEFAULTS } from '../../kiosk/fever-rule/fever-rule.ts';
import { DATASET_FILES, RealDataError, readSubjects, type Subject } from './real-data.ts';
import { crossValidated } from './real-evaluation.ts';
import { replay } from './replay.ts';

const dir = mkdtempSync(join(tmpdir(), 'real-data-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readSubjects', () => {
  it('reads the data set copied into the project: 1,020 people, three sites', () => {
    const subjects = DATASET_FILES.flatMap(readSubjects);
    expect(subjects).toHaveLength(1020);
    expect(subjects.filter((s) => s.rounds['face-max'] && s.rounds.forehead && s.rounds['inner-canthus'])).toHaveLength(996);
    expect(subjects.filter((s) => s.oralC >= 38)).toHaveLength(49);
  });

  it('reads a community’s own file with only some sites, skipping rows without a reference', () => {
    const path = file(
      'own.csv',
      'SubjectID,T_Max1,T_Max2,aveOralM,T_atm\na,35.1,35.2,36.8,22\nb,36.4,36.5,38.3,22\nc,35.0,35.1,,22\n',
    );
    expect(readSubjects(path)).toEqual([
      { id: 'a', oralC: 36.8, ambientC: 22, rounds: { 'face-max': [35.1, 35.2] } },
      { id: 'b', oralC: 38.3, ambientC: 22, rounds: { 'face-max': [36.4, 36.5] } },
    ]);
  });

  it('refuses a file without the reference or the room temperature, naming the file and the column', () => {
    const path = file('bad.csv', 'SubjectID,T_Max1,T_Max2,aveOralM\nx,35,35,36.8\n');
    expect(() => readSubjects(path)).toThrow(RealDataError);
    expect(() => readSubjects(path)).toThrow(/bad\.csv: missing column\(s\) T_atm/);
    expect(() => readSubjects(file('none.csv', 'SubjectID,aveOralM,T_atm\nx,36.8,22\n'))).toThrow(/no reading columns/);
  });
});

describe('replay', () => {
  /** 60 healthy people reading about 36.6 after calibration, and 6 with fevers reading 1 °C or more above. */
  const people: Subject[] = [
    ...Array.from({ length: 60 }, (_, i) => ({
      id: `h${i}`,
      oralC: 36.9,
      ambientC: 23,
      rounds: { 'face-max': [35.7 + (i % 5) * 0.1, 35.7 + (i % 5) * 0.1] },
    })),
    ...Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, oralC: 38.4, ambientC: 23, rounds: { 'face-max': [36.8, 36.8] } })),
  ];

  it('drives the kiosk’s rule: fevers go to the armpit reading and are found; healthy people pass', () => {
    const result = replay(people, { site: 'face-max', config: FEVER_RULE_DEFAULTS, calibrationC: 0.9, seed: 3 });
    expect(result.all).toMatchObject({ people: 66, fevers: 6, highFevers: 6, healthyCalledFever: 0 });
    // Before a baseline, the threshold alone; afterwards every fever stands 1 °C above the crowd.
    const afterBaseline = result.people.filter((p) => p.firstVerdict.baseline.kind === 'in-force' && p.subject.oralC >= 38);
    expect(afterBaseline.length).toBeGreaterThan(0);
    expect(afterBaseline.every((p) => p.verdict.verdict === 'fever')).toBe(true);
    expect(result.all.healthyChecked).toBe(0);
  });

  it('a fever under the community’s armpit line by mouth (37.5) is sent to the armpit but not called fever', () => {
    const mild = [...people.slice(0, 30), { id: 'm', oralC: 37.52, ambientC: 23, rounds: { 'face-max': [37.0, 37.0] } }];
    const result = replay(mild, { site: 'face-max', config: FEVER_RULE_DEFAULTS, calibrationC: 0.9, seed: 1 });
    expect(result.all).toMatchObject({ fevers: 1, sent: 1, found: 0 });
  });
});

describe('crossValidated', () => {
  it('judges every person once, held out', () => {
    const subjects = DATASET_FILES.flatMap(readSubjects);
    const result = crossValidated(subjects, 'face-max', { folds: 5, seed: 1 });
    expect(result.all.people).toBe(996);
    expect(result.bands.reduce((n, b) => n + b.metrics.people, 0)).toBe(996);
  });
});
