import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Liveness and the state of every backend (also served as JSON at GET /health).' })
export class Health {
  @Field(() => String, { description: '`ok`, or `shutting-down` while draining.' })
  status!: string;

  @Field(() => String, { description: 'Gateway version.' })
  version!: string;

  @Field(() => Float, { description: 'Seconds since start.' })
  uptimeSeconds!: number;

  @Field(() => String, { description: 'Active CNN.' })
  model!: string;

  @Field(() => String, { description: 'TF.js backend: tensorflow-gpu, tensorflow, wasm or cpu.' })
  backend!: string;

  @Field(() => Boolean, { description: 'The database answered a query.' })
  database!: boolean;

  @Field(() => Int, { description: 'Database schema version.' })
  schemaVersion!: number;

  @Field(() => Int, { description: 'Worlds stored.' })
  worlds!: number;

  @Field(() => Int, { description: 'Stored sample images.' })
  samples!: number;

  @Field(() => Int, { description: 'Images waiting for the CNN.' })
  queuedImages!: number;

  @Field(() => Int, { description: 'Background jobs queued or running.' })
  activeJobs!: number;

  @Field(() => Int, {
    description:
      'Live TF.js tensors in the gateway process (flat over time means nothing leaks; 0 with CLUSTERFLOW_WORKERS > 0).',
  })
  liveTensors!: number;

  @Field(() => Boolean, {
    description: 'Whether @clusterflow/reasoning backs worldMembership / oddOneOut / relation.',
  })
  reasoningAvailable!: boolean;
}
