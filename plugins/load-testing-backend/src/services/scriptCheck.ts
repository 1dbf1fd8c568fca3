import { LoggerService } from '@backstage/backend-plugin-api';
import { FieldError } from '@internal/plugin-load-testing-common';
import { spawn } from 'child_process';

/** What a script check found. */
export interface ScriptAnalysis {
  errors: FieldError[];
  /** The LoadTestShape class the script defines, if any. */
  shapeClass?: string;
}

// Parses and compiles the script without running any of it, and names its classes.
const ANALYZE = `
import ast, json, sys
src = sys.stdin.buffer.read().decode("utf-8", "replace")
try:
    tree = ast.parse(src, "locustfile.py")
    compile(tree, "locustfile.py", "exec", dont_inherit=True)
except SyntaxError as e:
    print(json.dumps({"syntax": {"message": e.msg, "line": e.lineno, "column": e.offset}}))
    sys.exit(0)
except (ValueError, RecursionError, MemoryError) as e:
    print(json.dumps({"syntax": {"message": str(e)[:200], "line": None, "column": None}}))
    sys.exit(0)
bases = {}
tests = False
for node in tree.body:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
        tests = True
for node in ast.walk(tree):
    if isinstance(node, ast.ClassDef):
        bases[node.name] = [b.id if isinstance(b, ast.Name) else b.attr for b in node.bases if isinstance(b, (ast.Name, ast.Attribute))]
def derives(name, match, seen):
    if name in seen:
        return False
    seen.add(name)
    return any(match(b) or derives(b, match, seen) for b in bases.get(name, []))
shapes = [c for c in bases if derives(c, lambda b: b == "LoadTestShape", set())]
users = [c for c in bases if derives(c, lambda b: b.endswith("User"), set())]
print(json.dumps({"shapes": shapes, "users": users, "tests": tests}))
`;

interface PythonAnswer {
  syntax?: { message: string; line: number | null; column: number | null };
  shapes?: string[];
  users?: string[];
  tests?: boolean;
}

/**
 * Checks a Locust script the way Python reads it, without running it: a syntax error is a
 * field error with its line. Without a Python on the backend, only the cheap checks run.
 */
export class ScriptChecker {
  private warned = false;

  constructor(
    private readonly options: {
      python?: string;
      logger: LoggerService;
      timeoutMs?: number;
    },
  ) {}

  async check(script: string, field = 'script'): Promise<ScriptAnalysis> {
    const answer = await this.analyze(script);
    if (!answer) {
      // no Python here: the text must at least name a user class
      return /\b(HttpUser|FastHttpUser|User)\b/.test(script)
        ? { errors: [] }
        : {
            errors: [
              {
                field,
                message:
                  'defines no Locust user class (HttpUser, FastHttpUser or User)',
              },
            ],
          };
    }
    if (answer.syntax) {
      const { message, line, column } = answer.syntax;
      return {
        errors: [
          {
            field,
            message: `is not valid Python: ${message}${line ? ` (line ${line}${column ? `, column ${column}` : ''})` : ''}`,
            ...(line ? { line } : {}),
          },
        ],
      };
    }
    const shapes = answer.shapes ?? [];
    const errors: FieldError[] = [];
    if (!answer.users?.length && !answer.tests) {
      errors.push({
        field,
        message:
          'defines no Locust user class (a class based on HttpUser, FastHttpUser or User)',
      });
    }
    if (shapes.length > 1) {
      errors.push({
        field,
        message: `defines ${shapes.length} LoadTestShape classes (${shapes.join(', ')}); Locust uses one`,
      });
    }
    return { errors, shapeClass: shapes[0] };
  }

  private analyze(script: string): Promise<PythonAnswer | undefined> {
    const python = this.options.python;
    if (!python) return Promise.resolve(undefined);
    return new Promise(resolve => {
      const child = spawn(python, ['-I', '-S', '-c', ANALYZE], {
        env: {
          PATH: '/usr/local/bin:/usr/bin:/bin',
          PYTHONIOENCODING: 'utf-8',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      const timer = setTimeout(
        () => child.kill('SIGKILL'),
        this.options.timeoutMs ?? 10_000,
      );
      child.stdout.on('data', d => {
        out += d;
      });
      child.stderr.resume();
      child.on('error', e => {
        clearTimeout(timer);
        if (!this.warned) {
          this.warned = true;
          this.options.logger.warn(
            `Scripts are not checked for Python syntax: ${python} could not run (${e.message}); set loadTesting.scripts.python`,
          );
        }
        resolve(undefined);
      });
      child.on('close', () => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(out) as PythonAnswer);
        } catch {
          resolve(undefined);
        }
      });
      child.stdin.on('error', () => {});
      child.stdin.end(script);
    });
  }
}
