export type FindingLevel = 'error' | 'warning' | 'info';

/** Something cx noticed about this run; errors block the launch, warnings print, info only shows in explain and doctor. */
export interface Finding {
  level: FindingLevel;
  /** Stable identifier, for scripts that read `explain --json`. */
  code: string;
  message: string;
  /** What to do about it, when there is something to do. */
  fix?: string;
}
