// ESLint rule: no `instanceof` on a class of the CDK frameworks (cdktf, cdktn,
// constructs, @cdktf/*). An app may hold two copies of a framework (cdktf and cdktn, or
// two versions side by side), and a construct from one copy is not an instance of the
// other copy's class; the frameworks' static checks (`Construct.isConstruct`,
// `TerraformStack.isStack`, `TerraformResource.isTerraformResource`, ...) work across
// copies. Uses type information: the class on the right of `instanceof` is looked up
// to the file that declares it.
'use strict';

const FRAMEWORK_FILE = /[\\/]node_modules[\\/](cdktf|cdktn|constructs|@cdktf[\\/][^\\/]+)[\\/]/;

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'disallow instanceof on cdktf/cdktn/constructs classes; use their static isX() checks' },
    messages: {
      framework:
        '`instanceof {{name}}` fails across copies of {{pkg}} (cdktf and cdktn, or two versions in one app); use the static check of the class (`Construct.isConstruct(x)`, `TerraformStack.isStack(x)`, `TerraformResource.isTerraformResource(x)`, ...).',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services || !services.program) return {};
    const checker = services.program.getTypeChecker();
    return {
      BinaryExpression(node) {
        if (node.operator !== 'instanceof') return;
        const tsNode = services.esTreeNodeToTSNodeMap.get(node.right);
        let symbol = checker.getSymbolAtLocation(tsNode);
        // Follow imports (`import { Construct } from 'constructs'`) to the declaration.
        if (symbol && symbol.flags & 2097152 /* ts.SymbolFlags.Alias */) symbol = checker.getAliasedSymbol(symbol);
        const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
        const m = file && FRAMEWORK_FILE.exec(file);
        if (m) context.report({ node, messageId: 'framework', data: { name: symbol.name, pkg: m[1].replace('\\', '/') } });
      },
    };
  },
};
