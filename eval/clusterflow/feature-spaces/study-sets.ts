/** The photo sets the feature-space study compares spaces on (folders under the data root). */
export const STUDY_SETS = ['flowers', 'pets', 'dog-breeds'] as const;
