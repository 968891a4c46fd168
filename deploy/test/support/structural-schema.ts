import path from 'node:path';
import ts from 'typescript';
import { DEPLOY_DIR } from './paths.js';

/**
 * Strict field validation, offline: every object is walked against the TypeScript type of its kind
 * (./kinds.ts), as the API server's `fieldValidation=Strict` would, and every field the type does not
 * declare, every missing required field and every value of the wrong type or outside an enum is reported.
 * (kubernetes-models' own validators check types, formats and required fields but let unknown fields
 * through; this closes that gap with the same generated declarations.)
 */
export class StructuralSchema {
  private constructor(
    private readonly checker: ts.TypeChecker,
    private readonly kinds: Map<string, ts.Type>,
  ) {}

  static load(kindsFile = path.join(DEPLOY_DIR, 'test', 'support', 'kinds.ts')): StructuralSchema {
    const program = ts.createProgram([kindsFile], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (diagnostics.length) {
      throw new Error(`the kind declarations do not compile: ${ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))}`);
    }
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(kindsFile)!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    const kindsSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'Kinds');
    if (!kindsSymbol) throw new Error(`${kindsFile} exports no Kinds interface`);
    const kindsType = checker.getDeclaredTypeOfSymbol(kindsSymbol);
    const kinds = new Map<string, ts.Type>();
    for (const property of checker.getPropertiesOfType(kindsType)) kinds.set(property.name, checker.getTypeOfSymbol(property));
    return new StructuralSchema(checker, kinds);
  }

  /** `apiVersion/kind` keys this schema knows. */
  get knownKinds(): string[] {
    return [...this.kinds.keys()];
  }

  /** The problems of one object (empty when it conforms). */
  check(object: { apiVersion?: string; kind?: string }): string[] {
    const key = `${object.apiVersion}/${object.kind}`;
    const type = this.kinds.get(key);
    if (!type) return [`${key}: a kind without a schema here (add it to test/support/kinds.ts)`];
    const problems: string[] = [];
    this.walk(object, type, '', problems);
    return problems;
  }

  private walk(value: unknown, declared: ts.Type, at: string, problems: string[]): void {
    const checker = this.checker;
    const type = checker.getNonNullableType(declared);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    const members = type.isUnion() ? type.types : [type];
    const where = at || '(root)';
    if (value === null || value === undefined) {
      problems.push(`${where}: null is not allowed (${checker.typeToString(declared)})`);
      return;
    }
    if (Array.isArray(value)) {
      const element = members.map((m) => this.elementType(m)).find((e): e is ts.Type => e !== undefined);
      if (!element) {
        problems.push(`${where}: a list is not allowed here (${checker.typeToString(type)})`);
        return;
      }
      value.forEach((item, i) => this.walk(item, element, `${at}[${i}]`, problems));
      return;
    }
    if (typeof value === 'object') {
      const objects = members.filter((m) => m.flags & ts.TypeFlags.Object && !this.elementType(m));
      if (objects.length === 0) {
        problems.push(`${where}: an object is not allowed here (${checker.typeToString(type)})`);
        return;
      }
      // Several object shapes: the value must fit one of them.
      let best: string[] | null = null;
      for (const candidate of objects) {
        const found: string[] = [];
        this.walkObject(value as Record<string, unknown>, candidate, at, found);
        if (found.length === 0) return;
        if (!best || found.length < best.length) best = found;
      }
      problems.push(...best!);
      return;
    }
    if (!members.some((m) => this.acceptsPrimitive(m, value))) {
      problems.push(`${where}: ${JSON.stringify(value)} is not ${checker.typeToString(type)}`);
    }
  }

  private walkObject(value: Record<string, unknown>, type: ts.Type, at: string, problems: string[]): void {
    const checker = this.checker;
    const byString = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    for (const [key, child] of Object.entries(value)) {
      const property = checker.getPropertyOfType(type, key);
      const path = `${at}.${key}`;
      if (property) this.walk(child, checker.getTypeOfSymbol(property), path, problems);
      else if (byString) this.walk(child, byString.type, path, problems);
      else problems.push(`${path}: unknown field`);
    }
    for (const property of checker.getPropertiesOfType(type)) {
      if (!(property.flags & ts.SymbolFlags.Optional) && !(property.name in value)) {
        problems.push(`${at}.${property.name}: required field missing`);
      }
    }
  }

  private elementType(type: ts.Type): ts.Type | undefined {
    if (this.checker.isArrayType(type) || this.checker.isTupleType(type)) {
      return this.checker.getTypeArguments(type as ts.TypeReference)[0];
    }
    return undefined;
  }

  private acceptsPrimitive(type: ts.Type, value: unknown): boolean {
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    if (typeof value === 'string') {
      if (f & ts.TypeFlags.String || f & ts.TypeFlags.TemplateLiteral) return true;
      return !!(f & ts.TypeFlags.StringLiteral) && (type as ts.StringLiteralType).value === value;
    }
    if (typeof value === 'number') {
      if (f & ts.TypeFlags.Number) return true;
      return !!(f & ts.TypeFlags.NumberLiteral) && (type as ts.NumberLiteralType).value === value;
    }
    if (typeof value === 'boolean') {
      if (f & ts.TypeFlags.Boolean) return true;
      return !!(f & ts.TypeFlags.BooleanLiteral) && (type as unknown as { intrinsicName: string }).intrinsicName === String(value);
    }
    return false;
  }
}
