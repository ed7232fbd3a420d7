/** The worker type of the Glue job (Glue 5.0). */
export enum GlueWorkerType {
  /** 4 vCPU, 16 GB memory, 94 GB disk. */
  G_1X = 'G.1X',
  /** 8 vCPU, 32 GB memory, 138 GB disk. */
  G_2X = 'G.2X',
  /** 16 vCPU, 64 GB memory, 256 GB disk. */
  G_4X = 'G.4X',
  /** 32 vCPU, 128 GB memory, 512 GB disk. */
  G_8X = 'G.8X',
}
