/** What a standard figure builder may know about the report it is drawn in. */
export interface FigureContext {
  /** The scenario declares figures of its own, drawn before the standard ones. */
  readonly declared: boolean;
}
