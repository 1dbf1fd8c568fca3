// @ts-check

/**
 * Entity refs as the catalog compares them: lower case. Scenarios that then share an
 * entity and a name keep apart by a suffix on the later one's name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const scenarios = await knex('lt_scenarios')
    .select('id', 'entity_ref', 'name')
    .orderBy('created_at');
  const taken = new Set();
  const changed = [];
  for (const s of scenarios) {
    const ref = String(s.entity_ref).toLocaleLowerCase('en-US');
    let name = s.name;
    for (let i = 2; taken.has(`${ref}\n${name.toLowerCase()}`); i++)
      name = `${s.name} (${i})`;
    taken.add(`${ref}\n${name.toLowerCase()}`);
    if (ref !== s.entity_ref || name !== s.name)
      changed.push({ id: s.id, ref, name });
  }
  // the unique (entity_ref, name) index: free every pair that moves before setting any
  for (const c of changed)
    await knex('lt_scenarios').where({ id: c.id }).update({ name: c.id });
  for (const c of changed)
    await knex('lt_scenarios')
      .where({ id: c.id })
      .update({ entity_ref: c.ref, name: c.name });
  await knex('lt_runs').update({
    entity_ref: knex.raw('lower(entity_ref)'),
  });
};

/** Refs stay lower case: the catalog treats both spellings as one entity. */
exports.down = async function down() {};
