import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(JobStatus, { name: 'JobStatus', description: 'Lifecycle of a background job.' });

export enum JobKind {
  CREATE_WORLD = 'CREATE_WORLD',
  ADD_EXAMPLES = 'ADD_EXAMPLES',
  RESUME_BUILD = 'RESUME_BUILD',
  SYNTHESIZE_FOOLING = 'SYNTHESIZE_FOOLING',
  MAP_COLLECTION = 'MAP_COLLECTION',
}
registerEnumType(JobKind, { name: 'JobKind', description: 'What a background job does.' });

@ObjectType({ description: 'Long-running work (a world build); poll `job(id)` for progress.' })
export class Job {
  @Field(() => ID, { description: 'Job id, e.g. `j_…`.' })
  id!: string;

  @Field(() => JobKind, { description: 'What the job does.' })
  kind!: JobKind;

  @Field(() => JobStatus, { description: 'QUEUED → RUNNING → SUCCEEDED or FAILED.' })
  status!: JobStatus;

  @Field(() => Int, { description: 'Work items finished (images embedded, then the tree build).' })
  done!: number;

  @Field(() => Int, { description: 'Work items in total.' })
  total!: number;

  @Field(() => Float, { description: 'done / total in [0, 1] (1 once succeeded).' })
  progress!: number;

  @Field(() => String, { description: 'What the job is doing now, or how it ended.' })
  message!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The world this job builds (kept after the world is deleted).',
  })
  worldId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For FAILED jobs: an error code such as BAD_USER_INPUT or INTERRUPTED.',
  })
  errorCode?: string | null;

  @Field(() => String, { nullable: true, description: 'For FAILED jobs: what went wrong.' })
  errorMessage?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'For SYNTHESIZE_FOOLING jobs that succeeded: the stored sample holding the image (use it as ImageInput.sampleId).',
  })
  sampleId?: string | null;

  @Field(() => String, { description: 'ISO time the job was queued.' })
  createdAt!: string;

  @Field(() => String, { nullable: true, description: 'ISO time it started running.' })
  startedAt?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO time it finished.' })
  finishedAt?: string | null;
}
