import type { GatewayLimits } from '../config/gateway-config.js';
import { clip } from '../errors/clip.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { LabeledImageInput } from '../images/image.input.js';
import type { ValidImage } from '../images/valid-image.js';
import type { JobRunner } from '../jobs/job.runner.js';
import type { ImageValidator } from '../validation/image.validator.js';
import { LABEL_MAX, NAME_MAX } from './world.input.js';
import type { WorldRepository } from './world.repository.js';
import { WorldStatus, type World } from './world.type.js';

/**
 * A new world must be calibratable: @clusterflow/reasoning's 5-fold calibration needs ≥ 2 examples per fold, and
 * its "same kind" distance threshold needs pairs with and without a shared label. Checked before anything is stored.
 */
export const MIN_WORLD_EXAMPLES = 10;

/** A labelled example that passed validation: its trimmed label and its checked image. */
export interface ValidExample {
  image: ValidImage;
  label: string;
}

/**
 * The edge checks of every argument that names or builds a world (resolvers call these before any service):
 * world ids and names, new names, example lists and labels, and whether a world is busy building.
 */
export class WorldValidator {
  constructor(
    private readonly repo: WorldRepository,
    private readonly images: ImageValidator,
    private readonly jobs: Pick<JobRunner, 'activeForWorld'>,
    private readonly limits: GatewayLimits,
  ) {}

  /** The world named by id or name; BAD_USER_INPUT listing the known names otherwise. */
  async world(idOrName: string, argument = 'world'): Promise<World> {
    const world = await this.repo.find(idOrName);
    if (world === undefined) {
      const names = await this.repo.names();
      throw new BadUserInputError(
        `${argument} "${clip(idOrName)}" is not a known world id or name; known worlds: ${names.length === 0 ? '(none)' : names.map((n) => `"${n}"`).join(', ')}.`,
        { argument },
      );
    }
    return world;
  }

  /** A world that has finished building (queries on it need its activations). */
  async ready(idOrName: string, argument = 'world'): Promise<World> {
    const world = await this.world(idOrName, argument);
    if (world.status !== WorldStatus.READY) {
      throw new BadUserInputError(
        `World "${world.name}" is ${world.status}; it can answer once its build job has succeeded (status READY).`,
        { argument },
      );
    }
    return world;
  }

  /** A READY world with its fitted tree (what membership and relations read). */
  async withTree(idOrName: string, argument = 'world'): Promise<{ world: World; treeJson: string }> {
    const world = await this.ready(idOrName, argument);
    const treeJson = await this.repo.treeJson(world.id);
    if (treeJson === null) {
      throw new BadUserInputError(
        `World "${world.name}" has no ClusterFlow tree (${world.treeNote ?? 'not built'}); addExamples rebuilds it.`,
        { argument },
      );
    }
    return { world, treeJson };
  }

  /** A world no build job is working on (adding examples or deleting it would race the job). */
  async idle(idOrName: string, action: string): Promise<World> {
    const world = await this.world(idOrName);
    const active = await this.jobs.activeForWorld(world.id);
    if (active !== undefined) {
      throw new BadUserInputError(
        `Cannot ${action} world "${world.name}" while its build job ${active} is running; poll job(id) until it finishes.`,
        { argument: 'world', jobId: active },
      );
    }
    return world;
  }

  /** A new world's name, trimmed: 1 to NAME_MAX characters, not an id prefix, not taken. */
  async newName(name: string): Promise<string> {
    const clean = name.trim();
    if (clean.length === 0 || clean.length > NAME_MAX) {
      throw new BadUserInputError(
        `name has ${clean.length} characters after trimming; allowed: 1 to ${NAME_MAX}.`,
        { argument: 'name' },
      );
    }
    if (/^[wj]_/.test(clean)) {
      throw new BadUserInputError('name must not start with "w_" or "j_" (reserved for ids).', {
        argument: 'name',
      });
    }
    if ((await this.repo.find(clean)) !== undefined) throw duplicateWorldName(clean);
    return clean;
  }

  /** The examples of a new world: enough of them, and labels a calibration can work with; then `examples`. */
  newWorldExamples(examples: readonly LabeledImageInput[]): Promise<ValidExample[]> {
    if (examples.length < MIN_WORLD_EXAMPLES) {
      throw new BadUserInputError(
        `examples has ${examples.length} entries; a new world needs at least ${MIN_WORLD_EXAMPLES} (5-fold calibration, 2 per fold).`,
        { argument: 'examples' },
      );
    }
    const counts = new Map<string, number>();
    for (const e of examples)
      counts.set((e.label ?? '').trim(), (counts.get((e.label ?? '').trim()) ?? 0) + 1);
    if (counts.size < 2 || ![...counts.values()].some((n) => n >= 2)) {
      throw new BadUserInputError(
        `examples carry ${counts.size} distinct label(s); a new world needs at least 2 labels and one label with 2 or more examples.`,
        { argument: 'examples' },
      );
    }
    return this.examples(examples);
  }

  /** 1 to the configured maximum labelled examples, each label 1 to LABEL_MAX characters, each image valid. */
  async examples(examples: readonly LabeledImageInput[]): Promise<ValidExample[]> {
    const max = this.limits.maxExamplesPerRequest;
    if (examples.length < 1 || examples.length > max) {
      throw new BadUserInputError(
        `examples has ${examples.length} entries; allowed: 1 to ${max} per request.`,
        { argument: 'examples' },
      );
    }
    // One example at a time, label before image: the first bad entry is the one reported.
    const out: ValidExample[] = [];
    for (let i = 0; i < examples.length; i++) {
      const label = (examples[i].label ?? '').trim();
      if (label.length === 0 || label.length > LABEL_MAX) {
        throw new BadUserInputError(
          `examples[${i}].label has ${label.length} characters after trimming; allowed: 1 to ${LABEL_MAX}.`,
          { argument: `examples[${i}].label` },
        );
      }
      out.push({ image: await this.images.validate(examples[i].image, `examples[${i}].image`), label });
    }
    return out;
  }
}

/** BAD_USER_INPUT for a world name already taken (also raised inside the create transaction, against races). */
export function duplicateWorldName(name: string): BadUserInputError {
  return new BadUserInputError(
    `A world named "${clip(name)}" already exists; pick another name or deleteWorld it first.`,
    { argument: 'name' },
  );
}
