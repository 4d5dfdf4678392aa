// docs/rds-iam-policy.json, filled in as Terraform fills it, evaluated for the requests the
// operator makes (and some it must never get through) by @cloud-copilot/iam-simulate, an
// offline implementation of AWS's policy evaluation logic with its own copy of the service
// reference (actions, resource types, condition keys). Run by scripts/test-iam-policy.sh, which
// installs the simulator and sets IAM_SIMULATE_DIR.
//
// What the request context of each call holds is written here by hand, from the RDS and IAM
// documentation: the simulator proves what the policy decides for that context, not what RDS puts
// into it. In particular RDS checks the tags of CreateDBInstance as rds:AddTagsToResource on the
// new instance; the cases below assume that aws:ResourceTag then holds the tags being created, as
// for any request that creates a resource with tags, and show that the other reading fails closed.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const simulatorDir = process.env.IAM_SIMULATE_DIR
assert.ok(simulatorDir, 'IAM_SIMULATE_DIR must name the directory the simulator is installed in')
const { runSimulation } = createRequire(path.join(simulatorDir, 'package.json'))('@cloud-copilot/iam-simulate')

const ACCOUNT = '111122223333'
const REGION = 'us-east-1'
const SUBNET_GROUP = 'taskoverflow-rds'
const OPERATOR_ROLE = `arn:aws:iam::${ACCOUNT}:role/taskoverflow-operator`

const MANAGED_BY = 'taskoverflow.io/managed-by'
const OPERATOR = 'taskoverflow-operator'
const ADOPTABLE_BY = 'taskoverflow.io/adoptable-by'
const OWNER_TAGS = {
  [MANAGED_BY]: OPERATOR,
  'taskoverflow.io/namespace': 'team-a',
  'taskoverflow.io/name': 'todo',
  'taskoverflow.io/uid': '5f1c7a3e-0000-4000-8000-000000000001',
}

// The template's placeholders, replaced as templatefile() does; none may be left over.
export function render(template, values) {
  const rendered = template.replace(/\$\{(\w+)\}/g, (_, name) => {
    assert.ok(name in values, `no value for \${${name}}`)
    return values[name]
  })
  return JSON.parse(rendered)
}

const here = path.dirname(fileURLToPath(import.meta.url))
const template = fs.readFileSync(path.join(here, '../../docs/rds-iam-policy.json'), 'utf8')
const policy = render(template, { account_id: ACCOUNT, region: REGION, subnet_group: SUBNET_GROUP })

const db = (name, region = REGION, account = ACCOUNT) => `arn:aws:rds:${region}:${account}:db:${name}`
const requestTags = (tags) => ({
  ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  'aws:TagKeys': Object.keys(tags),
})
const resourceTags = (tags) => Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:ResourceTag/${k}`, v]))

// Runs one request through the simulator; fails the test when the simulator drops a context key
// as not applying to the action and resource type (the case would then prove nothing).
async function decide(action, resource, context = {}) {
  const account = resource.split(':')[4] || ACCOUNT
  const result = await runSimulation(
    {
      request: { principal: OPERATOR_ROLE, action, resource: { resource, accountId: account }, contextVariables: context },
      identityPolicies: [{ name: 'taskoverflow-operator-rds', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  )
  assert.equal(result.resultType, 'single', JSON.stringify(result.errors ?? result))
  assert.deepEqual(result.result.ignoredContextKeys, [], `keys the simulator ignored for ${action}`)
  return result.overallResult
}

const allowed = async (...request) => assert.equal(await decide(...request), 'Allowed')
const refused = async (...request) => assert.match(await decide(...request), /Denied$/)
const explicitlyDenied = async (...request) => assert.equal(await decide(...request), 'ExplicitlyDenied')

test('the rendered policy pins account, region and subnet group, and names no other', () => {
  const arns = policy.Statement.flatMap((s) => [s.Resource].flat()).filter((r) => r !== '*')
  for (const arn of arns) {
    assert.doesNotMatch(arn, /:\*:\*:/, `${arn} leaves account and region open`)
    assert.ok(arn.includes(`:${ACCOUNT}:`), `${arn} is not in account ${ACCOUNT}`)
  }
  assert.ok(arns.filter((a) => a.startsWith('arn:aws:rds:')).every((a) => a.startsWith(`arn:aws:rds:${REGION}:`)))
  assert.deepEqual(
    arns.filter((a) => a.includes(':subgrp:')),
    [`arn:aws:rds:${REGION}:${ACCOUNT}:subgrp:${SUBNET_GROUP}`],
  )
})

test('create: a PostgreSQL instance tagged as the operators, in the configured subnet group', async () => {
  const context = { ...requestTags(OWNER_TAGS), 'rds:DatabaseEngine': 'postgres' }
  await allowed('rds:CreateDBInstance', db('team-a-todo-0123456789'), context)
  await allowed('rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:subgrp:${SUBNET_GROUP}`, requestTags(OWNER_TAGS))
  await allowed('rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:pg:default.postgres17`, requestTags(OWNER_TAGS))
  await allowed('rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:og:default:postgres-17`, requestTags(OWNER_TAGS))
})

test('create: refused in another subnet group, without the operators tag, or for another engine', async () => {
  await refused('rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:subgrp:default`, requestTags(OWNER_TAGS))
  await refused('rds:CreateDBInstance', db('x'), { ...requestTags({ owner: 'me' }), 'rds:DatabaseEngine': 'postgres' })
  await refused('rds:CreateDBInstance', db('x'), { ...requestTags(OWNER_TAGS), 'rds:DatabaseEngine': 'mysql' })
  await refused('rds:CreateDBInstance', `arn:aws:rds:${REGION}:${ACCOUNT}:pg:custom-params`, requestTags(OWNER_TAGS))
})

test('create: refused in another region or account', async () => {
  const context = { ...requestTags(OWNER_TAGS), 'rds:DatabaseEngine': 'postgres' }
  await refused('rds:CreateDBInstance', db('x', 'us-west-2'), context)
  await refused('rds:CreateDBInstance', db('x', REGION, '444455556666'), context)
  await refused('rds:CreateDBInstance', `arn:aws:rds:us-west-2:${ACCOUNT}:subgrp:${SUBNET_GROUP}`, requestTags(OWNER_TAGS))
})

test('tag on create: the tags of CreateDBInstance, checked as AddTagsToResource on the new instance', async () => {
  await allowed('rds:AddTagsToResource', db('team-a-todo-0123456789'), { ...requestTags(OWNER_TAGS), ...resourceTags(OWNER_TAGS) })
  // Were aws:ResourceTag left out on create, creating would be refused: the policy fails closed.
  await refused('rds:AddTagsToResource', db('team-a-todo-0123456789'), requestTags(OWNER_TAGS))
})

test('tag on create: never with the owners consent tag', async () => {
  const tags = { ...OWNER_TAGS, [ADOPTABLE_BY]: 'team-a/todo' }
  await explicitlyDenied('rds:AddTagsToResource', db('x'), { ...requestTags(tags), ...resourceTags(tags) })
})

test('adopt: an instance that carries its owners consent may be tagged as the operators', async () => {
  await allowed('rds:AddTagsToResource', db('legacy-db'), {
    ...requestTags(OWNER_TAGS),
    ...resourceTags({ [ADOPTABLE_BY]: 'team-a/todo', team: 'billing' }),
  })
})

test('adopt: without the consent tag no instance can be claimed', async () => {
  await refused('rds:AddTagsToResource', db('someone-elses-db'), requestTags(OWNER_TAGS))
  await refused('rds:AddTagsToResource', db('someone-elses-db'), {
    ...requestTags(OWNER_TAGS),
    ...resourceTags({ team: 'billing' }),
  })
  // Nor taken over once claimed: its password and its deletion stay out of reach.
  await refused('rds:ModifyDBInstance', db('someone-elses-db'), resourceTags({ team: 'billing' }))
  await refused('rds:DeleteDBInstance', db('someone-elses-db'), resourceTags({ team: 'billing' }))
})

test('adopt: a consented instance gets no tags but with the operators tag', async () => {
  await refused('rds:AddTagsToResource', db('legacy-db'), {
    ...requestTags({ 'taskoverflow.io/retained-at': '2026-01-01T00:00:00Z' }),
    ...resourceTags({ [ADOPTABLE_BY]: 'team-a/todo' }),
  })
})

test('consent is single use: removed from an instance the operator now holds', async () => {
  await allowed('rds:RemoveTagsFromResource', db('legacy-db'), {
    'aws:TagKeys': [ADOPTABLE_BY],
    ...resourceTags({ ...OWNER_TAGS, [ADOPTABLE_BY]: 'team-a/todo' }),
  })
})

test('consent: never removed from an instance that is not the operators', async () => {
  await explicitlyDenied('rds:RemoveTagsFromResource', db('legacy-db'), {
    'aws:TagKeys': [ADOPTABLE_BY],
    ...resourceTags({ [ADOPTABLE_BY]: 'team-a/todo' }),
  })
  await explicitlyDenied('rds:RemoveTagsFromResource', db('legacy-db'), {
    'aws:TagKeys': [ADOPTABLE_BY],
    ...resourceTags({ [MANAGED_BY]: 'someone-else', [ADOPTABLE_BY]: 'team-a/todo' }),
  })
})

test('consent: never written, not even on the operators own instances', async () => {
  await explicitlyDenied('rds:AddTagsToResource', db('team-a-todo-0123456789'), {
    ...requestTags({ [ADOPTABLE_BY]: 'team-b/other' }),
    ...resourceTags(OWNER_TAGS),
  })
})

test('own instances: modified, retagged, let go and deleted with a final snapshot', async () => {
  const own = resourceTags(OWNER_TAGS)
  await allowed('rds:ModifyDBInstance', db('team-a-todo-0123456789'), own)
  await allowed('rds:AddTagsToResource', db('team-a-todo-0123456789'), {
    ...requestTags({ 'taskoverflow.io/master-secret-uid': 'abc' }),
    ...own,
  })
  await allowed('rds:RemoveTagsFromResource', db('team-a-todo-0123456789'), {
    'aws:TagKeys': [MANAGED_BY, 'taskoverflow.io/uid'],
    ...own,
  })
  await allowed('rds:DeleteDBInstance', db('team-a-todo-0123456789'), own)
  await allowed('rds:CreateDBSnapshot', db('team-a-todo-0123456789'), own)
  await allowed('rds:CreateDBSnapshot', `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:team-a-todo-0123456789-final-20260101t000000z`)
  await refused('rds:CreateDBSnapshot', `arn:aws:rds:${REGION}:${ACCOUNT}:snapshot:a-copy-for-me`)
  await refused('rds:CreateDBSnapshot', db('someone-elses-db'), resourceTags({ team: 'billing' }))
})

test('own instances: nothing in another region or account, even with the operators tag', async () => {
  const own = resourceTags(OWNER_TAGS)
  await refused('rds:ModifyDBInstance', db('x', 'eu-west-1'), own)
  await refused('rds:DeleteDBInstance', db('x', REGION, '444455556666'), own)
  await refused('rds:DescribeDBInstances', db('x', 'eu-west-1'))
  await allowed('rds:DescribeDBInstances', db('x'))
})

test('the RDS service-linked role, and no other IAM action', async () => {
  const role = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`
  await allowed('iam:CreateServiceLinkedRole', role, { 'iam:AWSServiceName': 'rds.amazonaws.com' })
  await refused('iam:CreateServiceLinkedRole', role, { 'iam:AWSServiceName': 'ec2.amazonaws.com' })
  await refused('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`)
})
