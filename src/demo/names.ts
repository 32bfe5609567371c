/** Name parts for the fictional demo municipality. */
export const FIRST_NAMES = ['Anders', 'Anna', 'Bo', 'Camilla', 'Christian', 'Dorthe', 'Emil', 'Emma', 'Frederik', 'Freja', 'Hanne', 'Hans', 'Ida', 'Jakob', 'Jens', 'Julie', 'Karen', 'Kasper', 'Kirsten', 'Lars', 'Laura', 'Line', 'Lone', 'Louise', 'Mads', 'Maja', 'Marianne', 'Martin', 'Mette', 'Michael', 'Mikkel', 'Mona', 'Niels', 'Nina', 'Ole', 'Peter', 'Pia', 'Rasmus', 'Rikke', 'Sara', 'Simon', 'Sofie', 'Susanne', 'Søren', 'Thomas', 'Tina', 'Tobias', 'Trine', 'Ulla', 'Viktor', 'Yasmin', 'Ahmed', 'Fatima', 'Ali', 'Agnieszka', 'Tomasz'];
export const LAST_NAMES = ['Andersen', 'Bach', 'Berg', 'Christensen', 'Dahl', 'Eriksen', 'Frandsen', 'Gregersen', 'Hansen', 'Holm', 'Iversen', 'Jakobsen', 'Jensen', 'Johansen', 'Juhl', 'Kjær', 'Knudsen', 'Kristensen', 'Larsen', 'Lund', 'Madsen', 'Mikkelsen', 'Møller', 'Nielsen', 'Nygaard', 'Olsen', 'Pedersen', 'Poulsen', 'Rasmussen', 'Schmidt', 'Sørensen', 'Thomsen', 'Vestergaard', 'Østergaard', 'Yilmaz', 'Kowalski'];
export const COMPANY_WORDS = ['Nord', 'Syd', 'Fjord', 'Skov', 'Bakke', 'Havn', 'Strand', 'Eng', 'Mølle', 'Lund', 'Sø', 'Dal', 'Klint', 'Vang'];
/** DB07 industry codes with a share of sick-listed people (care, retail and construction send many cases). */
export const INDUSTRIES: { code: string; name: string; suffix: string; weight: number }[] = [
  { code: '871000', name: 'Plejehjem', suffix: 'Plejecenter', weight: 14 },
  { code: '881000', name: 'Hjemmehjælp', suffix: 'Hjemmepleje', weight: 10 },
  { code: '851010', name: 'Grundskoler', suffix: 'Skole', weight: 8 },
  { code: '889100', name: 'Daginstitutioner', suffix: 'Børnehus', weight: 8 },
  { code: '471120', name: 'Supermarkeder', suffix: 'Supermarked', weight: 9 },
  { code: '412000', name: 'Opførelse af bygninger', suffix: 'Byg ApS', weight: 7 },
  { code: '561010', name: 'Restauranter', suffix: 'Restaurant', weight: 5 },
  { code: '494100', name: 'Vejgodstransport', suffix: 'Transport A/S', weight: 6 },
  { code: '812100', name: 'Rengøring', suffix: 'Rengøring ApS', weight: 6 },
  { code: '861000', name: 'Hospitaler', suffix: 'Sygehus', weight: 7 },
  { code: '841100', name: 'Offentlig administration', suffix: 'Forvaltning', weight: 6 },
  { code: '108900', name: 'Fødevarefremstilling', suffix: 'Fødevarer A/S', weight: 5 },
  { code: '620100', name: 'Computerprogrammering', suffix: 'IT ApS', weight: 3 },
  { code: '960200', name: 'Frisører', suffix: 'Frisør', weight: 2 },
];
