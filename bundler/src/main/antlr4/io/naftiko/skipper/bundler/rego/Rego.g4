/*
 * Rego v1's syntax (OPA 1.x; https://www.openpolicyagent.org/docs/policy-reference/#grammar), for checking a policy
 * file before it is signed. It accepts what OPA's parser accepts for the constructs of that grammar and refuses the
 * rest with a position; it does not type-check or compile (unknown functions, unsafe variables and recursion are
 * OPA's to find). Newlines separate literals in OPA; here they are whitespace, which accepts the same programs except
 * a line that starts with '[', '(' or '-' continuing the previous expression.
 */
grammar Rego;

module        : packageDecl importDecl* policyRule* EOF ;
packageDecl   : PACKAGE ruleRef ;
importDecl    : IMPORT ruleRef (AS VAR)? ;

policyRule    : DEFAULT ruleRef ( '(' exprList? ')' )? assign expr      # defaultRule
              | ruleHead ruleBody?                                      # plainRule
              ;
ruleHead      : ruleRef ( '(' exprList? ')' )? ( CONTAINS term )? ( assign expr )? ;
ruleBody      : IF body elseClause*                                     # ifBody
              | '{' query '}' elseClause*                               # bodyWithoutIf
              ;
elseClause    : ELSE ( assign expr )? ( IF body )? ;
body          : '{' query '}' | literal ;
ruleRef       : VAR ( '.' name | '[' expr ']' )* ;

query         : literal ( ';'? literal )* ;
literal       : SOME expr ( ',' expr )* ( IN expr )? withModifier*
              | EVERY VAR ( ',' VAR )? IN expr '{' query '}'
              | NOT? expr withModifier*
              ;
withModifier  : WITH term AS term ;

expr          : '-' expr
              | expr ( '*' | '/' | '%' ) expr
              | expr ( '+' | '-' ) expr
              | expr '&' expr
              | expr '|' expr
              | expr ( '==' | '!=' | '<' | '>' | '<=' | '>=' ) expr
              | expr ( ',' expr )? IN expr
              | expr assign expr
              | term
              ;
assign        : ':=' | '=' ;
exprList      : expr ( ',' expr )* ','? ;

term          : primary ( '.' name | '[' expr ']' | '(' exprList? ')' )* ;
primary       : VAR
              | scalar
              | '[' term '|' query ']'
              | '{' expr ':' expr '|' query '}'
              | '{' term '|' query '}'
              | '[' exprList? ']'
              | '{' '}'
              | '{' objectItem ( ',' objectItem )* ','? '}'
              | '{' exprList '}'
              | '(' expr ')'
              ;
objectItem    : expr ':' expr ;
scalar        : STRING | RAW_STRING | NUMBER | TRUE | FALSE | NULL ;
// After a dot, keywords are field names too (input.if, data.x.contains).
name          : VAR | PACKAGE | IMPORT | AS | DEFAULT | IF | CONTAINS | ELSE | SOME | EVERY | IN | NOT | WITH
              | TRUE | FALSE | NULL ;

PACKAGE       : 'package' ;
IMPORT        : 'import' ;
AS            : 'as' ;
DEFAULT       : 'default' ;
IF            : 'if' ;
CONTAINS      : 'contains' ;
ELSE          : 'else' ;
SOME          : 'some' ;
EVERY         : 'every' ;
IN            : 'in' ;
NOT           : 'not' ;
WITH          : 'with' ;
TRUE          : 'true' ;
FALSE         : 'false' ;
NULL          : 'null' ;

VAR           : [a-zA-Z_] [a-zA-Z0-9_]* ;
NUMBER        : DIGITS ( '.' DIGITS )? EXPONENT? | '.' DIGITS EXPONENT? ;
STRING        : '"' ( ESCAPE | ~["\\\r\n] )* '"' ;
RAW_STRING    : '`' ~'`'* '`' ;
COMMENT       : '#' ~[\r\n]* -> skip ;
WHITESPACE    : [ \t\r\n]+ -> skip ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
fragment ESCAPE   : '\\' ( ["\\/bfnrt] | 'u' HEX HEX HEX HEX ) ;
fragment HEX      : [0-9a-fA-F] ;
