/**
 * The templates retur ships with, in plain Danish: short sentences and common words, aiming at LIX below 40
 * (the value is shown in the editor and tested). Administrators change them by saving new versions; the text here is
 * only version 1, seeded into an empty library.
 */
import type { LetterKind } from '../domain/letters.ts';
export type { LetterKind };
export const LETTER_KINDS: readonly LetterKind[] = ['information', 'decision', 'hearing', 'answer', 'minutes'];

export interface ShippedTemplate { id: string; name: string; kind: LetterKind; body: string }

const SIGN = `Venlig hilsen
{{ sagsbehandler.navn }}
{{ kommune.navn }}{% if sagsbehandler.telefon %}
Telefon {{ sagsbehandler.telefon }}{% endif %}`;

export const SHIPPED_TEMPLATES: ShippedTemplate[] = [
  {
    id: 'orientation', name: 'Orientering ved sagens start', kind: 'information',
    body: `Kære {{ borger.navn }}

Du er syg. Det har du været siden {{ sag.foersteFravaersdag | dato }}. Derfor har du en sag om sygedagpenge hos os. Sagen har nummer {{ sag.nummer }}.

Vi vil hjælpe dig tilbage til arbejdet. Vi taler med dig, før der er gået otte uger.{% if frister.foersteOpfoelgning %} Den første samtale er senest {{ frister.foersteOpfoelgning | dato }}.{% endif %}

Fast track: Tror du, at du er syg i mere end otte uger? Så kan du bede om at tale med os før. Det hedder fast track. Din chef kan også bede om det. Ring eller skriv til os.

Vi sender dig en oversigt over dit forløb. Den viser, hvad der sker og hvornår.

${SIGN}`,
  },
  {
    id: 'meeting-invitation', name: 'Indkaldelse til samtale', kind: 'information',
    body: `Kære {{ borger.navn }}

Vi vil gerne tale med dig om, hvordan det går.{% if naesteSamtale.dato %} Samtalen er {{ naesteSamtale.dato | dato }}. Den foregår som {{ naesteSamtale.form }}.{% endif %}

Vi taler om dit helbred og dit arbejde. Vi lægger en plan sammen. Du må gerne tage en bisidder med.

Kan du ikke komme? Så ring til os hurtigst muligt. Du skal have en god grund. Ellers kan vi stoppe dine sygedagpenge.

${SIGN}`,
  },
  {
    id: 'information-form', name: 'Anmodning om oplysningsskema', kind: 'information',
    body: `Kære {{ borger.navn }}

Du skal udfylde et skema om din sygdom. Det hedder et oplysningsskema. Du finder det på borger.dk.{% if frister.oplysningsskema %} Vi skal have det senest {{ frister.oplysningsskema | dato }}.{% endif %}

Skemaet hjælper os med at planlægge din sag. Får vi det ikke i tide, kan vi stoppe dine sygedagpenge.

Har du brug for hjælp? Så ring til os.

${SIGN}`,
  },
  {
    id: 'medical-certificate', name: 'Anmodning om lægeattest', kind: 'information',
    body: `Kære {{ borger.navn }}

Vi har brug for en attest fra din læge. Attesten fortæller os om din sygdom, og hvad du kan.

Bestil en tid hos din læge. Sig, at det er til kommunen. Vi betaler for attesten.{% if frister.laegeattest %} Vi skal have den senest {{ frister.laegeattest | dato }}.{% endif %}

Har du spørgsmål? Så ring til os.

${SIGN}`,
  },
  {
    id: 'advance-notice', name: 'Partshøring før afgørelse', kind: 'hearing',
    body: `Kære {{ borger.navn }}

Vi overvejer at træffe en afgørelse i din sag om sygedagpenge. Sagen har nummer {{ sag.nummer }}. Før vi gør det, må du sige din mening. Det står i forvaltningsloven § 19.

Du kan se de papirer, vi bygger på. Ring, så sender vi dem.

Du kan svare skriftligt eller ringe til os.{% if frister.svarfrist %} Vi skal have dit svar senest {{ frister.svarfrist | dato }}.{% endif %} Hører vi ikke fra dig, træffer vi afgørelsen ud fra det, vi ved.

${SIGN}`,
  },
  {
    id: 'decision-extension', name: 'Afgørelse om forlængelse', kind: 'decision',
    body: `Kære {{ borger.navn }}

Afgørelse: Du får fortsat sygedagpenge.

Vi har set på din sag igen. Du er stadig syg. Du kan ikke arbejde endnu. Derfor forlænger vi dine sygedagpenge. Det står i sygedagpengeloven § 27.{% if frister.revurdering %} Vi ser på din sag igen senest {{ frister.revurdering | dato }}.{% endif %}

Du skal fortsat møde op til samtaler. Sig til, hvis du får det bedre.

Er du uenig? Ring til os. Du kan også klage. Så ser vi på sagen igen.

${SIGN}`,
  },
  {
    id: 'decision-stop', name: 'Afgørelse om stop af sygedagpenge', kind: 'decision',
    body: `Kære {{ borger.navn }}

Afgørelse: Dine sygedagpenge stopper.

Vi har set på din sag. Sagen har nummer {{ sag.nummer }}. Vi mener ikke, at du har ret til sygedagpenge mere. Du får dem til og med den dag, vi har skrevet i brevet om partshøring.

Klagevejledning: Er du uenig, kan du klage. Klagen skal være hos os inden fire uger. Skriv til os, eller ring. Vi ser på sagen igen. Er vi stadig uenige med dig, sender vi klagen til Ankestyrelsen. Det står i lov om retssikkerhed § 66 og § 67.

Du kan få hjælp af os til at klage.

${SIGN}`,
  },
  {
    id: 'meeting-minutes', name: 'Referat af samtale', kind: 'minutes',
    body: `Kære {{ borger.navn }}

Her er et kort referat af vores samtale{% if referat.dato %} {{ referat.dato | dato }}{% endif %}.

Det aftalte vi: {{ referat.aftalt }}

Det sker nu: {{ referat.naesteSkridt }}{% if referat.naesteSamtale != "" %}

Næste samtale: {{ referat.naesteSamtale }}{% endif %}

Er der noget, der ikke passer? Så ring eller skriv til os.

${SIGN}`,
  },
  {
    id: 'inquiry-answer', name: 'Svar på henvendelse', kind: 'answer',
    body: `Kære {{ borger.navn }}

Tak for din henvendelse om din sag. Sagen har nummer {{ sag.nummer }}.

[Skriv svaret her. Brug korte sætninger.]

Har du flere spørgsmål? Så ring eller skriv til os.

${SIGN}`,
  },
];
