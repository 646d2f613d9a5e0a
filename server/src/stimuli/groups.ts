/**
 * The five stimulus groups of the paper (Zhang et al. 2021, section 2.2 "Stimuli": "The 40 images can be evenly
 * divided into 5 classes: dogs, birds, cars, fruits, and aquatic animals"), as sets of ImageNet class indices
 * (0..999). Supplementary Table 1, which listed the 40 categories, was not found, so each group is defined here
 * from the ImageNet hierarchy and the choice is written down:
 *
 * - dogs 151-268: every domestic-dog breed (Chihuahua .. Mexican hairless); wolves, foxes and wild dogs
 *   (269-280) are left out because they are not dogs in the everyday sense the paper's groups use.
 * - birds 7-24 (cock .. great grey owl), 80-100 (black grouse .. black swan), 127-146 (white stork ..
 *   albatross): the three bird blocks of the class list. Seabirds (pelican, penguin, albatross) stay birds.
 * - cars: road motor vehicles with four or more wheels that carry people or goods: ambulance, beach wagon, cab,
 *   convertible, fire engine, garbage truck, jeep, limousine, minibus, minivan, Model T, moving van, pickup,
 *   police van, racer, recreational vehicle, sports car, tow truck, trailer truck. Buses (school bus,
 *   trolleybus), two-wheelers, go-karts, golf carts, tractors and tanks are left out.
 * - fruits 948-957 (Granny Smith .. pomegranate) and 988-990 (acorn, hip, buckeye): botanical fruits. Fruit
 *   vegetables (cucumber, bell pepper, squashes) and the ear of corn (998, a known AI *target*, Fig. 1) are out.
 * - aquatic animals: fish 0-6 and 389-397, sea turtles 33-34, jellyfish and sea anemone 107-108, sea slug 115,
 *   chambered nautilus 117, crabs and lobsters 118-125, marine mammals 147-150, echinoderms 327-329.
 *   Amphibians and the terrestrial isopod are left out.
 *
 * The sets are disjoint; AI targets are drawn from classes outside all five (see `outsideGroups`).
 */
import { DomainError } from '../core/errors.js';

export const GROUP_NAMES = ['dogs', 'birds', 'cars', 'fruits', 'aquatic'] as const;
export type GroupName = (typeof GROUP_NAMES)[number];

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

export const GROUP_CLASSES = {
  dogs: range(151, 268),
  birds: [...range(7, 24), ...range(80, 100), ...range(127, 146)],
  cars: [407, 436, 468, 511, 555, 569, 609, 627, 654, 656, 661, 675, 717, 734, 751, 757, 817, 864, 867],
  fruits: [...range(948, 957), ...range(988, 990)],
  aquatic: [
    ...range(0, 6), 33, 34, 107, 108, 115, 117, ...range(118, 125), ...range(147, 150), ...range(327, 329),
    ...range(389, 397),
  ],
} as const satisfies Record<GroupName, readonly number[]>;

/**
 * The five pairs (RE class -> AI target class) shown in the paper's Figure 1; every study definition built for
 * the default network keeps them. The paper's "garfish" is ImageNet's "gar" (n02641379) and its "chameleon" is
 * the AlexNet label "American chameleon" (anole, class 40).
 */
export const KNOWN_PAIRS = [
  { group: 'dogs', classIndex: 173, label: 'Ibizan hound', target: 339, targetLabel: 'sorrel' },
  { group: 'birds', classIndex: 88, label: 'macaw', target: 42, targetLabel: 'agama' },
  { group: 'cars', classIndex: 734, label: 'police van', target: 736, targetLabel: 'pool table' },
  { group: 'fruits', classIndex: 954, label: 'banana', target: 998, targetLabel: 'ear' },
  { group: 'aquatic', classIndex: 395, label: 'gar', target: 40, targetLabel: 'American chameleon' },
] as const satisfies readonly { group: GroupName; classIndex: number; label: string; target: number; targetLabel: string }[];

const GROUP_OF = new Map<number, GroupName>();
for (const g of GROUP_NAMES) {
  for (const c of GROUP_CLASSES[g]) {
    if (GROUP_OF.has(c)) throw new Error(`class ${c} is in groups ${GROUP_OF.get(c)} and ${g}`);
    GROUP_OF.set(c, g);
  }
}

/** The group an ImageNet class belongs to, or undefined when it is in none of the five. */
export function groupOf(classIndex: number): GroupName | undefined {
  return GROUP_OF.get(classIndex);
}

export function isGroupName(name: string): name is GroupName {
  return (GROUP_NAMES as readonly string[]).includes(name);
}

/** Classes 0..999 outside all five groups, ascending: the pool AI targets are drawn from. */
export function outsideGroups(): number[] {
  return range(0, 999).filter((c) => !GROUP_OF.has(c));
}

export function requireGroup(name: string, where: string): GroupName {
  if (!isGroupName(name)) {
    throw new DomainError('BAD_DATA', `${where}: unknown group '${name}'; valid: ${GROUP_NAMES.join(', ')}`);
  }
  return name;
}
