import type { MeasuringSite } from '../../protocol/index.ts';
import type { CalibrationState } from '../../kiosk/fever-rule/fever-rule.ts';
import { seededRandom, type Random } from './seeded-random.ts';

/**
 * A day of people at one outdoor compound gate, and what a forehead gun reads for each of them.
 *
 * reading = 36.7 + forehead offset(ambient, exposure, person) + gain × (core − 36.7)
 *           + calibration bias + sensor noise, shown to 0.1 °C.
 *
 * Every parameter names its source; where the literature gives no number the value is marked
 * ASSUMPTION. Sources:
 *  [Chen2022]  Chen A, Zhu J, Lin Q, Liu W (2022). A Comparative Study of Forehead Temperature and
 *              Core Body Temperature under Varying Ambient Temperature Conditions. IJERPH 19:15883.
 *              1080 tests at 14–32 °C ambient: axillary 36.7 ± 0.41, oral 36.7 ± 0.33, forehead
 *              36.2 ± 0.30; forehead 0.5 °C below the axillary/oral mean.
 *  [Dzien2020] Dzien C, Halder W, Winner H, Lechleitner M (2020). Covid-19 screening: are forehead
 *              temperature measurements during cold outdoor temperatures really helpful?
 *              Wien Klin Wochenschr 133:331. Outdoors −5.5…0 °C, hall 20.5 °C; forehead at 0, 1, 3,
 *              5, 60 min after entering: 33.17 ± 1.45, 34.90 ± 1.49, 35.77 ± 1.10, 36.08 ± 0.79,
 *              36.6 ± 0.24 °C.
 *  [Fisher2022] Fisher JT, Ciuha U, Tipton MJ, Ioannou LG, Mekjavic IB (2022). Predicting Deep Body
 *              Temperature from Forehead Skin Temperature: Tb or Not Tb? Sensors 22:826. Forehead
 *              tracks core at 22–25 °C but not at 35 °C; prediction plateaus above 37 °C core.
 *  [Holder2023] Holder T et al. (2023). Clinical accuracy of infrared temperature measurement
 *              devices: a comparison against non-invasive core-body temperature. Clin Med 23:157.
 *              IR gun at 3 cm from the forehead: bias 0.19 °C, limits of agreement −0.58…0.97 °C.
 *  [Nguyen2010] Nguyen AV et al. (2010). Comparison of 3 Infrared Thermal Detection Systems and
 *              Self-Report for Mass Fever Screening. Emerg Infect Dis 16(11). Emergency patients, fever
 *              = oral > 37.8 °C (100 °F): 2.2 % of 2,873; thermal cameras (not forehead guns) at
 *              their best cut-offs found 90–91 % at 80–86 % specificity, correlation with oral
 *              only ρ ≈ 0.43.
 *  [Priest2011] Priest PC et al. (2011). Thermal Image Scanning for Influenza Border Screening.
 *              PLoS One 6:e14490. 0.5 % of 1275 airline travellers febrile (tympanic ≥ 37.8 °C).
 *  [Bitar2009] Bitar D, Goubar A, Desenclos JC (2009). International travels and fever screening
 *              during epidemics: a literature review on the effectiveness and potential use of
 *              non-contact infrared thermometers. Euro Surveill 14(6):19115. Fever prevalence in
 *              screening studies 1.2–16.9 %; at a pandemic's start among travellers ≤ 1 %;
 *              forehead guns found 4–90 % of fevers at 75–99.6 % specificity across six studies.
 *  [Li2020]    Li Y, Jiao N, Zhu L, Cheng S, Zhu R, Lan P (2020). Non-febrile COVID-19 patients were
 *              common and often became critically ill: a retrospective multicenter cohort study.
 *              Crit Care, doi 10.1186/s13054-020-03037-8. 252 inpatients on admission (Guangdong, Hubei, Jiangxi), Chinese
 *              axillary grades: of 197 febrile, 104 at 37.3–38.0, 80 at 38.1–39, 13 at 39.1–41 °C.
 *  [FeverClinic2018] Chinese Journal of General Practice, doi 10.16766/j.cnki.issn.1674-4152.001613
 *              (abstract; authors not checked). 1,176 fever-clinic patients, forehead gun against
 *              mercury axillary: axillary 38.31 ± 0.67, forehead 37.30 ± 0.77; axillary minus forehead
 *              0.25 / 0.83 / 1.08 / 1.33 °C in the normal / low / moderate / high fever groups;
 *              forehead ≥ 37.3 found 48 % of fevers at 91 % specificity; best forehead cut-off 37.05.
 *  [Lai2022]   Lai F et al. (2022). Reliability of Non-Contact Infrared Thermometers for Fever
 *              Screening Under COVID-19. Risk Manag Healthc Policy 15:447. 904 outpatients against
 *              mercury axillary: best forehead fever cut-off 36.65 °C.
 *  [NCIT-TAT]  Comparative accuracy testing of non-contact infrared thermometers and temporal artery
 *              thermometers in an adult hospital setting (abstract; authors and journal not checked).
 *              265 inpatients: agreement below 37.5 °C, not above; NCIT found 16 % of ≥ 37.5 °C.
 *  [Sullivan2021] Sullivan SJL, Seay N, Zhu L, et al. (2021). Performance characterization of
 *              non-contact infrared thermometers (NCITs) for forehead temperature measurement. Med
 *              Eng Phys 93:93. 6 models × 10 units on a blackbody: 5 models' predicted error > 0.3 °C.
 *  [Shinsuphan] Shinsuphan N, Phanthi A, Leeudomwong T, Sanponpute T (abstract as indexed by OUCI;
 *              year and title not checked). Contact and non-contact thermometers calibrated at
 *              Maharaj Nakorn Chiang Mai Hospital: over half of the forehead units failed the
 *              ISO 80601-2-56 / ASTM E1965 ±0.3 °C laboratory limit.
 *  [PhysioNet] Wang Q et al. (2023), Infrared Thermography Temperature Dataset, PhysioNet, CC0
 *              (bench/screening/physionet-irt): 1,020 adults, forehead centre (T_FHCC) and oral,
 *              20–29 °C rooms, people settled indoors. Fitted by fit.ts (`npm run screening-eval --
 *              --fit` prints the figures below as refitPopulation makes them); the evaluation refits
 *              them on each cross-validation fold before comparing simulation and replay.
 *
 * The data has no cold and no heat: the cold (offset, its spread, re-equilibration) stays with the
 * outdoor studies, the heat with the assumptions marked.
 */
export const MODEL = {
  /**
   * Afebrile axillary-equivalent core: mean 36.7 [Chen2022]; SD 0.22 [PhysioNet] (healthy oral,
   * 1.4826 × MAD; [Chen2022] gave 0.33 oral, 0.41 axillary, across days and devices).
   */
  afebrileCoreMeanC: 36.7,
  afebrileCoreSdC: 0.22,
  /**
   * Fever is an axillary-equivalent core at or above the checkpoint figure (the Chinese axillary
   * definition, 37.3 °C). [Chen2022] found axillary and oral means equal, so this scale is read
   * as core.
   */
  feverCoreC: 37.3,
  /**
   * Screening studies count a fever from about 38 °C core ([Nguyen2010] oral > 37.8, [Priest2011]
   * tympanic ≥ 37.8); the evaluation reports fevers at or above this separately from low-grade ones.
   */
  clinicalFeverCoreC: 38.0,
  /**
   * Febrile core: a grade drawn with [Li2020]'s admission shares, then uniform inside the grade
   * (ASSUMPTION). ASSUMPTION: a gate sees the same mix as hospital admission; it probably sees
   * a milder one, so the overall figures lean optimistic and the ≥ 38 °C figures are the robust ones.
   * The top grade stops at 40 °C (ASSUMPTION: [Li2020] gives 39.1–41 without a split).
   */
  febrileGrades: [
    { fromC: 37.3, toC: 38.0, weight: 104 },
    { fromC: 38.0, toC: 39.0, weight: 80 },
    { fromC: 39.0, toC: 40.0, weight: 13 },
  ],
  /** Default prevalence 1 %: [Bitar2009] ≤ 1 % early in an epidemic; [Priest2011] 0.5 %; [Nguyen2010] 2.2 % in EDs. */
  prevalence: 0.01,
  /**
   * Steady forehead-minus-core offset against ambient, piecewise linear through these anchors:
   * −2.75 °C → −3.5: [Dzien2020] 33.17 °C at 0 min after −5.5…0 °C outdoors, core 36.7 [Chen2022];
   * 20 and 29 °C: the level of [Chen2022] (forehead 0.5 °C below core at 22 °C) with the slope
   * [PhysioNet] shows across its 20–29 °C rooms, 0.17 °C per °C (the forehead follows the room);
   * 35 °C: ASSUMPTION, 0.07 °C per °C above 29 (the earlier model's slope: forehead skin nears core
   * in a 35 °C heatwave [Fisher2022], and a gun's body-mode compensation adds on top).
   */
  offsetAnchors: [
    [-2.75, -3.5],
    [20, -0.83],
    [29, 0.66],
    [35, 1.08],
  ] as [number, number][],
  /**
   * Person-to-person SD of that offset. In the rated range 0.47: [PhysioNet]'s healthy forehead
   * spread at one room temperature (0.51) less the core's share (gain × core SD) and the sensor's
   * (sensorSdC). Cold: grows linearly to 1.4 at −2.75 °C ([Dzien2020] 1.45 at 0 min). Heat:
   * ASSUMPTION +0.03 per °C above 28 (sweat).
   */
  offsetSdRatedC: 0.47,
  offsetSdColdC: 1.4,
  offsetSdHeatPerC: 0.03,
  /**
   * Time constant of the forehead's move to a new ambient, in minutes. [Dzien2020]: the deficit
   * against 60 min falls from 3.43 to 1.70, 0.83, 0.52 °C at 1, 3, 5 min: τ ≈ 1.4 / 2.1 / 2.6 min
   * (fast then slow); 2 min is the single-exponential compromise. ASSUMPTION: cooling as fast.
   */
  reequilibrationTauMin: 2,
  /**
   * Gain of a forehead reading on core: 0.70 °C per °C, [PhysioNet] (reading on oral and room
   * temperature, least squares). [FeverClinic2018]'s group means gave 0.6 (0.7 between low and
   * high fevers).
   */
  coreGain: 0.7,
  /**
   * Repeat noise of one reading: 0.13 °C SD, [PhysioNet] (a second reading seconds later differs
   * from the first by √2 × this, robustly; [Holder2023] LOA ±0.78 includes person effects).
   */
  sensorSdC: 0.13,
  /**
   * Calibration bias: ASSUMPTION 0.1 °C SD just after calibration, drifting as a random walk.
   * [Sullivan2021] suggests guns out of the box are often worse (> 0.3 °C); a steady bias moves the
   * running baseline with it, so it shifts only the fixed 37.3 °C path, not the margin path.
   */
  calibrationInitialSdC: 0.1,
  /** ASSUMPTION: 0.04 °C per √day, so ≈ 0.3 °C SD after 60 days, matching [Shinsuphan]'s many out-of-limit units. */
  calibrationDriftSdPerSqrtDayC: 0.04,
  /** ASSUMPTION: a calibration certificate runs 30 days; days since calibration are uniform 0–60. */
  calibrationValidDays: 30,
  calibrationMaxAgeDays: 60,
  /** Clinical (axillary) thermometer noise: ISO 80601-2-56 laboratory accuracy ±0.1 °C; ASSUMPTION as SD. */
  axillarySdC: 0.1,
  /** ASSUMPTION: flats are warmer than outdoors by 6 °C, between 12 °C (unheated, central China) and 27 °C (air-conditioned). */
  indoorWarmerByC: 6,
  indoorMinC: 12,
  indoorMaxC: 27,
  /** ASSUMPTION: ambient swings ±1.5 °C over the day, warmest at 15:00, kept inside the band. */
  diurnalAmplitudeC: 1.5,
};

/**
 * Fitted to [FeverClinic2018]: a clinic population (axillary 38.31 ± 0.67) read with gain 0.6 and
 * 0.6 °C total scatter (this, the person SD 0.2 and the sensor's 0.15 together) gives 48 % found at
 * 92 % specificity and a forehead SD of 0.72, as they measured (48 %, 91 %, 0.77).
 */
export const FIELD_SCATTER_SD_C = 0.55;

export type PopulationModel = typeof MODEL;

/** [Chen2022]'s level: forehead 0.5 °C below core at 22 °C ambient. */
const CHEN_LEVEL = { ambientC: 22, offsetC: -0.5 };
/** ASSUMPTION: above the data's 29 °C the forehead follows the air at the earlier model's 0.07 °C per °C. */
const HEAT_SLOPE = 0.07;

/** What a fit of real paired readings gives for one site (fit.ts SiteFit, and the healthy body's spread). */
export interface RealSiteFigures {
  gain: number;
  ambientSlope: number;
  healthySpreadC: number;
  repeatSdC: number;
  healthyBodySdC: number;
}

/**
 * The population model with the figures the real data can give (20–29 °C rooms) put in: gain, the
 * slope against the room, the healthy spread at one room temperature split into the core's share,
 * the sensor's (repeatability) and the person's, and the healthy core's spread. The cold, the heat
 * and the fever mix stay as cited.
 */
export function refitPopulation(fit: RealSiteFigures, base: PopulationModel = MODEL): PopulationModel {
  const core = fit.gain * fit.healthyBodySdC;
  const person = Math.sqrt(Math.max(fit.healthySpreadC ** 2 - core ** 2 - fit.repeatSdC ** 2, 0.05 ** 2));
  const at = (ambientC: number): number => CHEN_LEVEL.offsetC + fit.ambientSlope * (ambientC - CHEN_LEVEL.ambientC);
  return {
    ...base,
    afebrileCoreSdC: fit.healthyBodySdC,
    coreGain: fit.gain,
    sensorSdC: fit.repeatSdC,
    offsetSdRatedC: person,
    offsetAnchors: [base.offsetAnchors[0]!, [20, at(20)], [29, at(29)], [35, at(29) + HEAT_SLOPE * 6]],
  };
}

export type Direction = 'in' | 'out';

export interface Person {
  index: number;
  /** Minutes after midnight. */
  arrivalMinute: number;
  direction: Direction;
  coreC: number;
  febrile: boolean;
  /** This person's persistent offset deviation, in SDs. */
  offsetZ: number;
  /** A further persistent offset, the same in any air (DayOptions.fieldScatterSdC). */
  fieldOffsetC: number;
  /** The air this person came from, and how long ago they left it at arrival. */
  previousAirC: number;
  minutesInGateAir: number;
  /** Settled people (DayOptions.settled): the room they were measured in. */
  roomC?: number;
}

export interface GateDay {
  model: PopulationModel;
  /** Where the simulated device measures (the model is the forehead's unless refitted for another site). */
  site: MeasuringSite;
  /** Added to every reading after the first (settled people, as the real data's second reading rose). */
  remeasureRiseC: number;
  bandC: { min: number; max: number };
  dayMeanC: number;
  calibrationBiasC: number;
  daysSinceCalibration: number;
  calibration: CalibrationState;
  people: Person[];
}

export interface DayOptions {
  bandC: { min: number; max: number };
  peoplePerDay: number;
  prevalence: number;
  /**
   * Person-to-person forehead scatter beyond the laboratory's, SD in °C (0 by default: the model's
   * spread follows [Chen2022]'s controlled measurements). [FeverClinic2018]'s real-world figures
   * (forehead SD 0.77 against axillary 0.67, specificity 91 % at forehead 37.3 °C) fit a gain of
   * 0.6 only with about 0.6 °C of total scatter; the evaluation's robustness check adds
   * FIELD_SCATTER_SD_C to see what that would cost.
   */
  fieldScatterSdC?: number;
  /** Another model (refitPopulation) than MODEL, and the site it was fitted for. */
  model?: PopulationModel;
  site?: MeasuringSite;
  /**
   * People as the real data measured them: settled in the room, the device in calibration with
   * this bias. Unset: the outdoor gate's mix of people from other air and a drifting calibration.
   */
  settled?: { calibrationBiasC: number; remeasureRiseC: number; rooms: readonly number[] };
}

/** The air a person is measured in: their room when settled, else the gate's air at that minute. */
export function airAt(day: GateDay, person: Person, minute: number): number {
  return person.roomC ?? ambientAt(day, minute);
}

export function ambientAt(day: Pick<GateDay, 'bandC' | 'dayMeanC' | 'model'>, minute: number): number {
  const swing = day.model.diurnalAmplitudeC * Math.sin((2 * Math.PI * (minute - 9 * 60)) / (24 * 60));
  return Math.min(day.bandC.max, Math.max(day.bandC.min, day.dayMeanC + swing));
}

export function indoorAirC(ambientC: number, model: PopulationModel = MODEL): number {
  return Math.min(model.indoorMaxC, Math.max(model.indoorMinC, ambientC + model.indoorWarmerByC));
}

/** Piecewise linear through the anchors, extended past the first and the last. */
export function meanOffsetC(ambientC: number, model: PopulationModel = MODEL): number {
  const a = model.offsetAnchors;
  let i = 1;
  while (i < a.length - 1 && ambientC > a[i]![0]) i++;
  const [from, to] = [a[i - 1]!, a[i]!];
  return from[1] + ((to[1] - from[1]) * (ambientC - from[0])) / (to[0] - from[0]);
}

export function offsetSdC(ambientC: number, model: PopulationModel = MODEL): number {
  const coldest = model.offsetAnchors[0]![0];
  if (ambientC < 18)
    return model.offsetSdRatedC + ((model.offsetSdColdC - model.offsetSdRatedC) * (18 - ambientC)) / (18 - coldest);
  if (ambientC > 28) return model.offsetSdRatedC + model.offsetSdHeatPerC * (ambientC - 28);
  return model.offsetSdRatedC;
}

/** Forehead-minus-core offset `minutesLater` after arrival, for a person standing at the gate. */
export function foreheadOffsetC(person: Person, gateAirC: number, minutesLater: number, model: PopulationModel = MODEL): number {
  const steady = (air: number): number => meanOffsetC(air, model) + person.offsetZ * offsetSdC(air, model) + person.fieldOffsetC;
  const decay = Math.exp(-(person.minutesInGateAir + minutesLater) / model.reequilibrationTauMin);
  return steady(gateAirC) + (steady(person.previousAirC) - steady(gateAirC)) * decay;
}

const round1 = (c: number): number => Math.round(c * 10) / 10;

export function foreheadReadingC(day: GateDay, person: Person, minutesLater: number, rng: Random): number {
  const air = airAt(day, person, person.arrivalMinute + minutesLater);
  const model = day.model;
  const value =
    model.afebrileCoreMeanC +
    foreheadOffsetC(person, air, minutesLater, model) +
    model.coreGain * (person.coreC - model.afebrileCoreMeanC) +
    day.calibrationBiasC +
    (minutesLater > 0 ? day.remeasureRiseC : 0) +
    rng.normal(0, model.sensorSdC);
  return round1(value);
}

export function axillaryReadingC(person: Person, rng: Random, model: PopulationModel = MODEL): number {
  return round1(person.coreC + rng.normal(0, model.axillarySdC));
}

/** Relative arrival rate: a base flow plus a morning rush (mostly out) and an evening rush (mostly in). ASSUMPTION. */
function arrivalRate(minute: number): number {
  const bump = (centre: number, width: number): number => Math.exp(-0.5 * ((minute - centre) / width) ** 2);
  return 1 + 4 * bump(7.75 * 60, 45) + 3 * bump(18 * 60, 60);
}

const OPEN_MINUTE = 6 * 60;
const CLOSE_MINUTE = 22 * 60;

function drawArrival(rng: Random): number {
  for (;;) {
    const minute = rng.uniform(OPEN_MINUTE, CLOSE_MINUTE);
    if (rng.next() * 5 < arrivalRate(minute)) return minute;
  }
}

function drawFebrileCore(rng: Random, model: PopulationModel): number {
  const grades = model.febrileGrades;
  let pick = rng.next() * grades.reduce((sum, g) => sum + g.weight, 0);
  for (const grade of grades) {
    if (pick < grade.weight) return rng.uniform(grade.fromC, grade.toC);
    pick -= grade.weight;
  }
  const top = grades[grades.length - 1]!;
  return rng.uniform(top.fromC, top.toC);
}

function drawCore(rng: Random, febrile: boolean, model: PopulationModel): number {
  if (febrile) return drawFebrileCore(rng, model);
  for (;;) {
    const core = rng.normal(model.afebrileCoreMeanC, model.afebrileCoreSdC);
    if (core < model.feverCoreC) return core;
  }
}

export function simulateDay(seed: number, options: DayOptions): GateDay {
  const model = options.model ?? MODEL;
  const rng = seededRandom(seed);
  const dayMeanC = rng.uniform(options.bandC.min, options.bandC.max);
  const daysSinceCalibration = rng.uniform(0, model.calibrationMaxAgeDays);
  const drift =
    rng.normal(0, model.calibrationInitialSdC) +
    rng.normal(0, model.calibrationDriftSdPerSqrtDayC * Math.sqrt(daysSinceCalibration));
  const settled = options.settled ?? null;
  const day: GateDay = {
    model,
    site: options.site ?? 'forehead',
    remeasureRiseC: settled?.remeasureRiseC ?? 0,
    bandC: options.bandC,
    dayMeanC,
    calibrationBiasC: settled ? settled.calibrationBiasC : drift,
    daysSinceCalibration: settled ? 0 : daysSinceCalibration,
    calibration: settled || daysSinceCalibration <= model.calibrationValidDays ? 'ok' : 'expired',
    people: [],
  };
  const arrivals = Array.from({ length: options.peoplePerDay }, () => drawArrival(rng)).sort((a, b) => a - b);
  day.people = arrivals.map((arrivalMinute, index) => {
    const febrile = rng.next() < options.prevalence;
    const rush = arrivalMinute < 11 * 60 ? 0.75 : arrivalMinute > 16 * 60 ? 0.25 : 0.5;
    const direction: Direction = rng.next() < rush ? 'out' : 'in';
    // Settled people come each from one of the rooms given (the real data's, in random order as its replay).
    const roomC = settled ? settled.rooms[Math.floor(rng.next() * settled.rooms.length)]! : null;
    const air = roomC ?? ambientAt(day, arrivalMinute);
    // ASSUMPTION: leavers walked 1–6 min from their flat; 30 % of arrivals just left a bus, car
    // or shop (0.5–3 min); the rest have been outdoors long enough to be at the outdoor steady state.
    const fromIndoors = direction === 'out' || rng.next() < 0.3;
    const minutesInGateAir =
      direction === 'out' ? rng.uniform(1, 6) : fromIndoors ? rng.uniform(0.5, 3) : 20 + rng.exponential(30);
    return {
      index,
      arrivalMinute,
      direction,
      coreC: drawCore(rng, febrile, model),
      febrile,
      offsetZ: rng.normal(0, 1),
      fieldOffsetC: rng.normal(0, options.fieldScatterSdC ?? 0),
      // Settled people have been in the room long enough to read as its air, as in the real data.
      previousAirC: settled || !fromIndoors ? air : indoorAirC(air, model),
      minutesInGateAir: settled ? 60 : minutesInGateAir,
      ...(roomC === null ? {} : { roomC }),
    };
  });
  return day;
}
