/**
 * The kiosk's own sound, besides the gate's buzzer: a guard looking away still hears a fever or a
 * blocked exit even if the buzzer is unplugged. Browsers only play audio after a first user
 * gesture; the shift sign-in is one.
 */
let context: AudioContext | null = null;

export function playAlarm(kind: 'fever' | 'alert'): void {
  try {
    context ??= new AudioContext();
    const beeps = kind === 'fever' ? 6 : 2;
    for (let i = 0; i < beeps; i++) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = kind === 'fever' ? 1_200 : 800;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(context.destination);
      const start = context.currentTime + i * 0.3;
      oscillator.start(start);
      oscillator.stop(start + 0.18);
    }
  } catch {
    // No audio device: the screen and the gate's buzzer still carry the alarm.
  }
}
