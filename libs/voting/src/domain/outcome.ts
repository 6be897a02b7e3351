import { type Explanation } from './explanation';
import { type Profile } from './profile';
import { formatUnits } from './rational';

/** What one rule decided: the projects (indices into the profile) in the order chosen, their cost, and why for each. */
export interface Outcome {
  selected: number[];
  cost: bigint;
  explanations: Explanation[];
}

/** The fields every explanation of a project shares. */
export function describe(profile: Profile, p: number) {
  const project = profile.projects[p];
  return {
    projectId: project.id,
    cost: formatUnits(project.cost, profile.scale),
    support: formatUnits(project.support, profile.pointScale),
    supporters: project.supporters,
  };
}

export const money = (profile: Profile, units: bigint) => formatUnits(units, profile.scale);
