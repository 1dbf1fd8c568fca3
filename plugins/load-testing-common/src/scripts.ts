/**
 * The innermost line of the user's script (`locustfile.py`) in a Python traceback.
 * @public
 */
export function scriptLineOf(traceback: string): number | undefined {
  let line: number | undefined;
  for (const m of traceback.matchAll(/locustfile\.py", line (\d+)/g))
    line = Number(m[1]);
  return line;
}
