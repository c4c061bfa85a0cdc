import { VOICE_OPTIONS } from "@/lib/providers/speech/voices";

/** The voices a person can pick, named as people hear them ("Alloy — balanced and neutral (US English)"). */
export function VoiceOptions() {
  return VOICE_OPTIONS.map((v) => (
    <option key={v.id} value={v.id}>
      {v.label}
    </option>
  ));
}
