// The longest text each kind of field takes: the API refuses more, and the import finds more in its dry run, so that
// a report or project imported can be saved again as it is.

/** Narratives, opinions, reasons and overviews. */
export const MAX_TEXT_LENGTH = 20000;
/** Names of projects, KPIs and budget items. */
export const MAX_NAME_LENGTH = 500;
/** A KPI's unit (件, 人, 千泊). */
export const MAX_UNIT_LENGTH = 50;
/** The municipality's own number of a project (No). */
export const MAX_PROJECT_NUMBER_LENGTH = 50;
