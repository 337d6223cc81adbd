/** Our research warehouse, where survey answers are analysed. */
export class SurveyWarehouse {
  readonly rows: object[] = [];

  insert(table: string, row: object): void {
    this.rows.push({ table, ...row });
  }
}
