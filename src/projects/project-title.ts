/** A project as lists name it: its number (事業番号) first when it has one, e.g. 「No.3 移住促進事業」. */
export function projectTitle(project: { projectNumber: string | null; name: string }): string {
  return `${project.projectNumber ? `No.${project.projectNumber} ` : ''}${project.name}`;
}
